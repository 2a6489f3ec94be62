package io.plystra.kernel;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Fields a body type no longer accepts, each with where the value now goes ({@code "user_id=actor.user_id"}):
 * sending one is still 400, and {@link ErrorMapper} names the new place in the message.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface MovedFields {

    /** {@code old=new} pairs, with JSON names. */
    String[] value();
}
