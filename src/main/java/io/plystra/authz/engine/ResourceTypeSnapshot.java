package io.plystra.authz.engine;

/** A registered resource type as it was at decision time. */
public record ResourceTypeSnapshot(String id, String key, String displayName, String status) {
}
