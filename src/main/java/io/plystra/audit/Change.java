package io.plystra.audit;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * One committed admin change of the change feed: the mutation chain's row at {@code seq} (its cursor),
 * with the entity's state after it ({@code after}) and the mutation's facts, both JSON text as the trace holds them.
 */
public record Change(long seq, String auditLogId, Instant at, String action, String entity, String entityId, String spaceId,
                     String actorUserId, @JsonRawValue String after, @JsonRawValue String facts) {
}
