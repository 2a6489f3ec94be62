package io.plystra.audit;

import java.time.Instant;

/** One audit row as written: a decision (action = the resource action) or an admin mutation. */
public record AuditRecord(String id, Instant createdAt, String spaceId, String actorUserId, String actorMemberId,
                          String actorUserMemberId, String action, String resourceType, String resourceId,
                          String decision, String denyCode, String requestId, String ipAddress, String userAgent,
                          String traceJson) {
}
