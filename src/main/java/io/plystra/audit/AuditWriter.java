package io.plystra.audit;

import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Appends audit rows. The returned Uni completes once the row is committed, so a caller that
 * answers after it never answers a decision whose row could be lost.
 */
@ApplicationScoped
public class AuditWriter {

    static final String INSERT_SQL = """
            INSERT INTO audit_logs (id, created_at, space_id, actor_user_id, actor_member_id, actor_user_member_id,
                                    action, resource_type, resource_id, decision, deny_code, request_id, ip_address,
                                    user_agent, trace)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, CAST($15 AS text)::jsonb)""";

    private final Pool pool;

    public AuditWriter(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> append(AuditRecord r) {
        Tuple row = Tuple.tuple()
                .addString(r.id()).addOffsetDateTime(r.createdAt().atOffset(ZoneOffset.UTC))
                .addString(r.spaceId()).addString(r.actorUserId()).addString(r.actorMemberId())
                .addString(r.actorUserMemberId()).addString(r.action()).addString(r.resourceType())
                .addString(r.resourceId()).addString(r.decision()).addString(r.denyCode()).addString(r.requestId())
                .addString(r.ipAddress()).addString(r.userAgent()).addString(r.traceJson());
        return pool.preparedQuery(INSERT_SQL).execute(row).replaceWithVoid();
    }
}
