package io.plystra.authz.engine;

/** The space as it was at decision time. */
public record SpaceSnapshot(String id, String name, String status) {
}
