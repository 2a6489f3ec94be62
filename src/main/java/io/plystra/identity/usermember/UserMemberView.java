package io.plystra.identity.usermember;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.plystra.kernel.Status;

public record UserMemberView(String id, String spaceId, String userId, String memberId, String relationType,
                             @JsonProperty("is_primary") boolean isPrimary, Status status, Instant expiresAt,
                             Instant revokedAt, String revokedReason, Instant createdAt, Instant updatedAt) {

    static UserMemberView of(UserMember um) {
        return new UserMemberView(um.id, um.spaceId, um.userId, um.memberId, um.relationType, um.primary, um.status,
                um.expiresAt, um.revokedAt, um.revokedReason, um.createdAt, um.updatedAt);
    }
}
