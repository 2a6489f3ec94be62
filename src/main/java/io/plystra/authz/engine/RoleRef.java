package io.plystra.authz.engine;

/** The trace "role" of a candidate, with the role's version the decision used. */
public record RoleRef(String id, String key, String spaceId, int version) {

    /** A role at version 1. */
    public RoleRef(String id, String key, String spaceId) {
        this(id, key, spaceId, 1);
    }
}
