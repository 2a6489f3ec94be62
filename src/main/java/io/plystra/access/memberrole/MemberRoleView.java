package io.plystra.access.memberrole;

import java.time.Instant;

import io.plystra.kernel.Status;

public record MemberRoleView(String id, String spaceId, String memberId, String roleId, String scopeAnchorGroupId,
                             Status status, Instant expiresAt, Instant revokedAt, Instant createdAt, Instant updatedAt) {

    static MemberRoleView of(MemberRole m) {
        return new MemberRoleView(m.id, m.spaceId, m.memberId, m.roleId, m.scopeAnchorGroupId, m.status, m.expiresAt,
                m.revokedAt, m.createdAt, m.updatedAt);
    }
}
