package io.plystra.session.grant;

import java.time.Instant;

import io.plystra.kernel.Status;

public record GrantView(String id, String userId, String level, String spaceId, String groupId, String organizationId,
                        String permissionKey, Status status, String createdByUserId, Instant revokedAt, Instant createdAt,
                        Instant updatedAt) {

    static GrantView of(Grant g) {
        return new GrantView(g.id, g.userId, g.level, g.spaceId, g.groupId, g.organizationId, g.permissionKey, g.status,
                g.createdByUserId, g.revokedAt, g.createdAt, g.updatedAt);
    }
}
