package io.plystra.authz.engine;

/** The trace "permission" of a candidate. */
public record PermissionRef(String id, String resource, String action, String scope) {
}
