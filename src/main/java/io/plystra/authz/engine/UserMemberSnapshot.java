package io.plystra.authz.engine;

import java.time.Instant;

/** The binding that lets a user act as a member, as it was at decision time. */
public record UserMemberSnapshot(String id, String userId, String memberId, String spaceId, String relationType,
                                 String status, boolean isPrimary, Instant expiresAt) {
}
