package io.plystra.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.plystra.kernel.DbTime;
import io.plystra.kernel.Caller;
import io.plystra.kernel.ChangeListener;
import io.plystra.kernel.RequestContext;
import io.plystra.kernel.RequestInfo;
import io.plystra.kernel.Revisions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The audit row of an accepted admin mutation ({@code action} like {@code space.created},
 * {@code decision = allow}), written in the mutation's own transaction: both commit or neither does.
 * It extends the mutation chain ({@link AuditChain#MUTATIONS}), whose head it locks until that
 * transaction ends, so a rolled-back mutation leaves no gap in the chain. The API's services write it
 * through Hibernate Reactive inside {@code @WithTransaction}; the command line and the start-up tasks
 * (bootstrap, demo seed) through JDBC in their own transaction ({@link #record(Connection, Caller, RequestInfo, Mutation)}):
 * the same row, the same chain.
 */
@ApplicationScoped
public class MutationAudit {

    static final String INSERT_SQL = """
            INSERT INTO audit_logs (id, created_at, space_id, actor_user_id, actor_member_id, actor_user_member_id,
                                    action, resource_type, resource_id, decision, deny_code, request_id, ip_address,
                                    user_agent, trace, chain_id, chain_seq, prev_hash, row_hash)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'allow', NULL, ?10, ?11, ?12, CAST(CAST(?13 AS text) AS jsonb),
                    ?14, ?15, ?16, ?17)""";
    /** Locks the mutation chain's head until the mutation's transaction ends: mutations chain one at a time. */
    static final String HEAD_SQL = "SELECT chain_seq, row_hash FROM audit_chain_heads WHERE chain_id = ?1 FOR UPDATE";
    static final String ADVANCE_SQL = "UPDATE audit_chain_heads SET chain_seq = ?1, row_hash = ?2 WHERE chain_id = ?3";
    static final String NOTIFY_SQL = "SELECT CAST(pg_notify(?1, ?2) AS text)";

    @Inject
    ObjectMapper json;
    @Inject
    RequestContext context;

    /**
     * The row of {@code mutation}, by the caller of the current request; returns the row's id. Its place in
     * the mutation chain is the write's revision, notified after the write's changes and answered in
     * {@code X-Plystra-Revision}.
     */
    public Uni<String> record(Mutation<?> mutation) {
        return record(context.caller(), context.info(), mutation);
    }

    private Uni<String> record(Caller caller, RequestInfo request, Mutation<?> mutation) {
        AuditRecord row = row(json, caller, request, mutation, context.now());
        return Panache.getSession().flatMap(session -> session.createNativeQuery(HEAD_SQL, Object[].class)
                        .setParameter(1, AuditChain.MUTATIONS).getSingleResult()
                        .flatMap(head -> {
                            Link link = Link.after(((Number) head[0]).longValue(), (String) head[1], row);
                            var insert = session.createNativeQuery(INSERT_SQL);
                            Object[] values = values(row, link);
                            for (int i = 0; i < values.length; i++) {
                                insert.setParameter(i + 1, values[i]);
                            }
                            return insert.executeUpdate()
                                    .call(() -> session.createNativeQuery(ADVANCE_SQL).setParameter(1, link.seq())
                                            .setParameter(2, link.rowHash()).setParameter(3, AuditChain.MUTATIONS)
                                            .executeUpdate())
                                    .call(() -> session.createNativeQuery(NOTIFY_SQL).setParameter(1, ChangeListener.CHANNEL)
                                            .setParameter(2, ChangeListener.REVISION_PREFIX + link.seq()).getSingleResult())
                                    .replaceWith(link.seq());
                        }))
                .invoke(Revisions::remember)
                .replaceWith(row.id());
    }

    /**
     * The row of a mutation made over JDBC (the command line, the start-up tasks), in {@code c}'s
     * current transaction: the caller commits both.
     */
    public static String record(Connection c, Caller caller, RequestInfo request, Mutation<?> mutation) throws SQLException {
        AuditRecord row = row(new ObjectMapper(), caller, request, mutation, DbTime.now(Clock.systemUTC()));
        Link link;
        try (PreparedStatement head = c.prepareStatement(jdbc(HEAD_SQL))) {
            head.setString(1, AuditChain.MUTATIONS);
            try (ResultSet rs = head.executeQuery()) {
                rs.next();
                link = Link.after(rs.getLong(1), rs.getString(2), row);
            }
        }
        try (PreparedStatement insert = c.prepareStatement(jdbc(INSERT_SQL))) {
            Object[] values = values(row, link);
            for (int i = 0; i < values.length; i++) {
                insert.setObject(i + 1, values[i] instanceof java.time.OffsetDateTime at ? Timestamp.from(at.toInstant()) : values[i]);
            }
            insert.executeUpdate();
        }
        try (PreparedStatement advance = c.prepareStatement(jdbc(ADVANCE_SQL))) {
            advance.setLong(1, link.seq());
            advance.setString(2, link.rowHash());
            advance.setString(3, AuditChain.MUTATIONS);
            advance.executeUpdate();
        }
        try (PreparedStatement notify = c.prepareStatement(jdbc(NOTIFY_SQL))) {
            notify.setString(1, ChangeListener.CHANNEL);
            notify.setString(2, ChangeListener.REVISION_PREFIX + link.seq());
            notify.execute();
        }
        return row.id();
    }

    /** The row's place in the mutation chain, after the head {@code (seq, hash)}. */
    private record Link(long seq, String prevHash, String rowHash) {

        static Link after(long headSeq, String headHash, AuditRecord row) {
            long seq = headSeq + 1;
            String prev = headHash == null ? AuditChain.genesis(AuditChain.MUTATIONS) : headHash;
            return new Link(seq, prev, AuditChain.rowHash(prev, AuditChain.canonicalRow(AuditChain.MUTATIONS, seq, row)));
        }
    }

    private static AuditRecord row(ObjectMapper json, Caller caller, RequestInfo request, Mutation<?> mutation, Instant now) {
        String id = AuditIds.next(now);
        Map<String, Object> trace = new LinkedHashMap<>();
        trace.put("trace_version", "1.0");
        trace.put("event", mutation.action());
        trace.put("actor", actorOf(caller));
        trace.put("target", Map.of("type", mutation.entity(), "id", mutation.entityId()));
        trace.put("after", mutation.after());
        if (!mutation.facts().isEmpty()) {
            trace.put("facts", mutation.facts());
        }
        Map<String, Object> origin = new LinkedHashMap<>();
        origin.put("request_id", request.requestId());
        origin.put("ip", request.ip());
        origin.put("user_agent", request.userAgent());
        trace.put("request", origin);
        trace.put("evaluated_at", now.toString());
        trace.put("audit_log_id", id);
        Caller.Actor actor = caller.actor();
        return new AuditRecord(id, now, mutation.spaceId(), caller.userId(), actor == null ? null : actor.memberId(),
                actor == null ? null : actor.userMemberId(), mutation.action(), mutation.entity(), mutation.entityId(),
                "allow", null, request.requestId(), request.ip(), request.userAgent(), CanonicalJson.of(json, trace),
                java.util.List.of());
    }

    /** The values of {@link #INSERT_SQL}, in order. */
    private static Object[] values(AuditRecord row, Link link) {
        return new Object[] {row.id(), row.createdAt().atOffset(ZoneOffset.UTC), row.spaceId(), row.actorUserId(),
                row.actorMemberId(), row.actorUserMemberId(), row.action(), row.resourceType(), row.resourceId(),
                row.requestId(), row.ipAddress(), row.userAgent(), row.traceJson(), AuditChain.MUTATIONS, link.seq(),
                link.prevHash(), link.rowHash()};
    }

    /** JDBC spells {@code ?1} as {@code ?}; every statement here uses each parameter once, in order. */
    private static String jdbc(String sql) {
        return sql.replaceAll("\\?\\d+", "?");
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
