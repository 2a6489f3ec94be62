package io.plystra.audit;

import java.time.Instant;

/** An audit row as listed: everything but the trace. */
public record AuditLogView(String id, String spaceId, String actorUserId, String actorMemberId, String actorUserMemberId,
                           String action, String resourceType, String resourceId, String decision, String denyCode,
                           String requestId, String ipAddress, String userAgent, Instant createdAt) {
}
