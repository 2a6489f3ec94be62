package io.plystra.audit;

import java.time.Instant;
import java.util.List;

/**
 * One decision's audit row as written. {@code traceJson} refers to its shared parts by hash;
 * {@code parts} are those parts, stored once each in audit_snapshots.
 */
public record AuditRecord(String id, Instant createdAt, String spaceId, String actorUserId, String actorMemberId,
                          String actorUserMemberId, String action, String resourceType, String resourceId,
                          String decision, String denyCode, String requestId, String ipAddress, String userAgent,
                          String traceJson, List<AuditSnapshots.Part> parts) {
}
