package io.plystra.authz.engine;

/** An organization of a space's chain as it was at decision time. */
public record OrganizationSnapshot(String id, String name, String status) {
}
