package io.plystra.authz.engine;

/** The acting identity as it was at decision time. */
public record MemberSnapshot(String id, String spaceId, String displayName, String status) {
}
