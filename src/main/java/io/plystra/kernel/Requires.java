package io.plystra.kernel;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The admin permission a route needs, and where the caller must hold it. {@link AccessFilter} checks
 * it before the method runs; the service reads the same permission from {@link RequestContext} when
 * it narrows further (to the spaces of a list, to the space of a row it loaded, to a group subtree).
 * A method's annotation wins over its class's.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Requires {

    /** The permission key, {@code <resource>:<verb>} ({@code roles:manage}). */
    String value();

    /** Where the caller must hold it. */
    Scope scope() default Scope.SOME_SPACE;

    /** The path parameter that names the space, for {@link Scope#SPACE} and {@link Scope#GROUP}. */
    String spaceParam() default "sid";

    /**
     * The header that carries the caller's credential: {@code Authorization} ({@code Bearer <token>}),
     * or {@link #GATEWAY_KEY} (the bare API key of a gateway, whose {@code Authorization} header
     * belongs to the end user of the request it asks about).
     */
    String credentialHeader() default "Authorization";

    String GATEWAY_KEY = "X-Plystra-Gateway-Key";

    /**
     * Whether a service's own key ({@link Caller#isService()}) may call this route, about its own
     * service only (the service narrows). Every other route refuses service keys with 403, whatever
     * the permission: a service key carries no admin permission.
     */
    boolean serviceKeys() default false;

    enum Scope {
        /** An instance-level grant: rows shared by every tenant ({@code /users}, creating spaces). */
        INSTANCE,
        /** A grant over the whole space named by {@link #spaceParam()}. */
        SPACE,
        /** A grant over the space named by {@link #spaceParam()} or over a group in it; the service narrows to the subtree. */
        GROUP,
        /**
         * A grant anywhere (instance or some whole space); the service narrows: a list to
         * {@link RequestContext#onlySpaces()}, a row to its space with {@link RequestContext#requireIn}.
         */
        SOME_SPACE
    }
}
