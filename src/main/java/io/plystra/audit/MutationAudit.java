package io.plystra.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.plystra.authz.ChangeListener;
import io.plystra.platform.RequestInfo;
import io.plystra.session.Caller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The audit row of an accepted admin mutation ({@code action} like {@code space.created},
 * {@code decision = allow}), written in the mutation's own transaction: both commit or neither does.
 * Call it inside {@code @WithTransaction}.
 */
@ApplicationScoped
public class MutationAudit {

    static final String INSERT_SQL = """
            INSERT INTO audit_logs (id, created_at, space_id, actor_user_id, actor_member_id, actor_user_member_id,
                                    action, resource_type, resource_id, decision, deny_code, request_id, ip_address,
                                    user_agent, trace)
            VALUES (:id, :createdAt, :spaceId, :userId, :memberId, :userMemberId, :action, :entity, :entityId, 'allow',
                    NULL, :requestId, :ip, :userAgent, CAST(CAST(:trace AS text) AS jsonb))""";

    private final ObjectMapper json;

    public MutationAudit(ObjectMapper json) {
        this.json = json;
    }

    /**
     * @param entity   the entity kind ({@code space}, {@code user_member}, ...), stored as resource_type
     * @param verb     {@code created}, {@code updated}, {@code disabled}, ...; the action is {@code entity.verb}
     * @param snapshot the entity as it is after the change (never secrets)
     */
    public Uni<String> record(Caller caller, RequestInfo request, String entity, String verb, String entityId,
                              String spaceId, Object snapshot) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String id = AuditIds.next(now);
        String action = entity + "." + verb;
        Map<String, Object> trace = new LinkedHashMap<>();
        trace.put("trace_version", "1.0");
        trace.put("event", action);
        trace.put("actor", actorOf(caller));
        trace.put("target", Map.of("type", entity, "id", entityId));
        trace.put("after", snapshot);
        trace.put("request", request);
        trace.put("evaluated_at", now);
        trace.put("audit_log_id", id);
        String traceJson;
        try {
            traceJson = json.writeValueAsString(trace);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        var actor = caller.actor();
        return Panache.getSession().flatMap(session -> session.createNativeQuery(INSERT_SQL)
                        .setParameter("id", id)
                        .setParameter("createdAt", now.atOffset(java.time.ZoneOffset.UTC))
                        .setParameter("spaceId", spaceId)
                        .setParameter("userId", caller.userId())
                        .setParameter("memberId", actor == null ? null : actor.memberId())
                        .setParameter("userMemberId", actor == null ? null : actor.userMemberId())
                        .setParameter("action", action)
                        .setParameter("entity", entity)
                        .setParameter("entityId", entityId)
                        .setParameter("requestId", request.requestId())
                        .setParameter("ip", request.ip())
                        .setParameter("userAgent", request.userAgent())
                        .setParameter("trace", traceJson)
                        .executeUpdate()
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
