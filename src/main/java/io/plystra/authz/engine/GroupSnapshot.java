package io.plystra.authz.engine;

/** A group (target group or scope anchor) with its dotted path, as it was at decision time. */
public record GroupSnapshot(String id, String spaceId, String path, String status) {
}
