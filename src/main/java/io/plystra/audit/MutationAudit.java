package io.plystra.audit;

import io.plystra.kernel.Revisions;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.plystra.kernel.ChangeListener;
import io.plystra.kernel.RequestContext;
import io.plystra.kernel.RequestInfo;
import io.plystra.kernel.Caller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The audit row of an accepted admin mutation ({@code action} like {@code space.created},
 * {@code decision = allow}), written in the mutation's own transaction: both commit or neither does.
 * It extends the mutation chain ({@link AuditChain#MUTATIONS}), whose head it locks until that
 * transaction ends, so a rolled-back mutation leaves no gap in the chain.
 * Call it inside {@code @WithTransaction}.
 */
@ApplicationScoped
public class MutationAudit {

    static final String INSERT_SQL = """
            INSERT INTO audit_logs (id, created_at, space_id, actor_user_id, actor_member_id, actor_user_member_id,
                                    action, resource_type, resource_id, decision, deny_code, request_id, ip_address,
                                    user_agent, trace, chain_id, chain_seq, prev_hash, row_hash)
            VALUES (:id, :createdAt, :spaceId, :userId, :memberId, :userMemberId, :action, :entity, :entityId, 'allow',
                    NULL, :requestId, :ip, :userAgent, CAST(CAST(:trace AS text) AS jsonb), :chainId, :seq, :prevHash,
                    :rowHash)""";
    /** Locks the mutation chain's head until the mutation's transaction ends: mutations chain one at a time. */
    static final String HEAD_SQL = "SELECT chain_seq, row_hash FROM audit_chain_heads WHERE chain_id = :chainId FOR UPDATE";
    static final String ADVANCE_SQL = "UPDATE audit_chain_heads SET chain_seq = :seq, row_hash = :rowHash WHERE chain_id = :chainId";

    private final ObjectMapper json;
    private final RequestContext context;

    public MutationAudit(ObjectMapper json, RequestContext context) {
        this.json = json;
        this.context = context;
    }

    /** The row of {@code mutation}, by the caller of the current request; returns the row's id (the revision). */
    public Uni<String> record(Mutation<?> mutation) {
        return record(context.caller(), context.info(), mutation);
    }

    /** @deprecated the old form, removed once every service passes a {@link Mutation}. */
    @Deprecated
    public Uni<String> record(Caller caller, RequestInfo request, String entity, String verb, String entityId,
                              String spaceId, Object snapshot) {
        return record(caller, request, new Mutation<>(entity, verb, entityId, spaceId, snapshot));
    }

    public Uni<String> record(Caller caller, RequestInfo request, Mutation<?> mutation) {
        String entity = mutation.entity();
        String entityId = mutation.entityId();
        String spaceId = mutation.spaceId();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String id = AuditIds.next(now);
        String action = mutation.action();
        Map<String, Object> trace = new LinkedHashMap<>();
        trace.put("trace_version", "1.0");
        trace.put("event", action);
        trace.put("actor", actorOf(caller));
        trace.put("target", Map.of("type", entity, "id", entityId));
        trace.put("after", mutation.after());
        trace.put("request", request);
        trace.put("evaluated_at", now);
        trace.put("audit_log_id", id);
        String traceJson = CanonicalJson.of(json, trace);
        var actor = caller.actor();
        String memberId = actor == null ? null : actor.memberId();
        String userMemberId = actor == null ? null : actor.userMemberId();
        return Panache.getSession().flatMap(session -> session.createNativeQuery(HEAD_SQL, Object[].class)
                        .setParameter("chainId", AuditChain.MUTATIONS).getSingleResult()
                        .flatMap(head -> {
                            long seq = ((Number) head[0]).longValue() + 1;
                            String prevHash = head[1] == null ? AuditChain.genesis(AuditChain.MUTATIONS) : (String) head[1];
                            String rowHash = AuditChain.rowHash(prevHash, AuditChain.canonicalRow(AuditChain.MUTATIONS, seq,
                                    id, now, spaceId, caller.userId(), memberId, userMemberId, action, entity, entityId,
                                    "allow", null, request.requestId(), request.ip(), request.userAgent(), traceJson));
                            return session.createNativeQuery(INSERT_SQL)
                                    .setParameter("id", id)
                                    .setParameter("createdAt", now.atOffset(java.time.ZoneOffset.UTC))
                                    .setParameter("spaceId", spaceId)
                                    .setParameter("userId", caller.userId())
                                    .setParameter("memberId", memberId)
                                    .setParameter("userMemberId", userMemberId)
                                    .setParameter("action", action)
                                    .setParameter("entity", entity)
                                    .setParameter("entityId", entityId)
                                    .setParameter("requestId", request.requestId())
                                    .setParameter("ip", request.ip())
                                    .setParameter("userAgent", request.userAgent())
                                    .setParameter("trace", traceJson)
                                    .setParameter("chainId", AuditChain.MUTATIONS)
                                    .setParameter("seq", seq)
                                    .setParameter("prevHash", prevHash)
                                    .setParameter("rowHash", rowHash)
                                    .executeUpdate()
                                    .call(() -> session.createNativeQuery(ADVANCE_SQL).setParameter("seq", seq)
                                            .setParameter("rowHash", rowHash).setParameter("chainId", AuditChain.MUTATIONS)
                                            .executeUpdate());
                        })
                        .call(() -> session.createNativeQuery("SELECT CAST(pg_notify(:channel, :payload) AS text)")
                                .setParameter("channel", ChangeListener.CHANNEL)
                                .setParameter("payload", ChangeListener.REVISION_PREFIX + id)
                                .getSingleResult()))
                .invoke(() -> Revisions.remember(id))
                .replaceWith(id);
    }

    private static Map<String, Object> actorOf(Caller caller) {
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("user_id", caller.userId());
        actor.put("api_key_id", caller.apiKeyId());
        actor.put("user_member_id", caller.actor() == null ? null : caller.actor().userMemberId());
        actor.put("member_id", caller.actor() == null ? null : caller.actor().memberId());
        return actor;
    }
}
