package io.plystra.kernel;

/**
 * A cache that follows the database's change notifications ({@link ChangeListener}): it evicts what
 * a change names, and empties itself when notifications may have been lost.
 */
public interface ChangeSubscriber {

    /** Evicts what {@code change} ({@code <kind>:<id>}, see V003__change_notifications.sql) names. */
    void invalidate(String change);

    /** Drops everything: called when LISTEN is (re)established. */
    void clear();
}
