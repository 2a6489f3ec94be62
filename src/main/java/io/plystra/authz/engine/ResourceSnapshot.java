package io.plystra.authz.engine;

/** The target resource as it was at decision time. */
public record ResourceSnapshot(String id, String type, String spaceId, String groupId, String groupPath,
                               String ownerMemberId, String displayName, String status) {
}
