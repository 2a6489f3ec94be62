package io.plystra.authz.engine;

/** The trace "role" of a candidate. */
public record RoleRef(String id, String key, String spaceId) {
}
