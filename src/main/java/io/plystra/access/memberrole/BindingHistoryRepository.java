package io.plystra.access.memberrole;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * binding_history: the state of a binding after each of its changes, one row per version, written in the change's
 * transaction. Never updated or deleted; a rollback is a new version.
 */
@ApplicationScoped
public class BindingHistoryRepository {

    /** One version: the verb that made it, who and when, and the binding's state after it. */
    public record Version(int version, String verb, Map<String, Object> state, String changedBy, Instant changedAt) {
    }

    private static final String INSERT = """
            INSERT INTO binding_history (binding_id, version, space_id, verb, state, changed_by, changed_at)
            VALUES (?1, ?2, ?3, ?4, CAST(CAST(?5 AS text) AS jsonb), ?6, ?7)""";
    private static final String SELECT = """
            SELECT version, verb, CAST(state AS text), changed_by, changed_at FROM binding_history
            WHERE binding_id = ?1 AND (?2 = 0 OR version = ?2) ORDER BY version DESC LIMIT ?3""";

    /** A plain mapper: the state is written and read back here only, never from a request. */
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The binding's state as its history keeps it (what a rollback restores, and what it never changes). */
    public static Map<String, Object> state(MemberRole m) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("subject_kind", m.subjectKind);
        state.put("member_id", m.memberId);
        state.put("team_id", m.teamId);
        state.put("role_id", m.roleId);
        state.put("permission_id", m.permissionId);
        state.put("scope_anchor_group_id", m.scopeAnchorGroupId);
        state.put("status", m.status == null ? null : m.status.value());
        state.put("expires_at", m.expiresAt == null ? null : m.expiresAt.toString());
        state.put("conditions", m.conditions == null ? null : read(m.conditions, Object.class));
        return state;
    }

    /** The conditions of a state as the binding stores them (JSON text), null when it has none. */
    public static String conditions(Map<String, Object> state) {
        Object conditions = state.get("conditions");
        try {
            return conditions == null ? null : JSON.writeValueAsString(conditions);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a binding's conditions are plain JSON", e);
        }
    }

    private static <T> T read(String text, Class<T> type) {
        try {
            return JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored binding JSON does not parse: " + text, e);
        }
    }

    /** Records the binding's current state as its version {@code m.version}. */
    public Uni<Void> record(MemberRole m, String verb, String changedBy, Instant at) {
        String body;
        try {
            body = JSON.writeValueAsString(state(m));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a binding's state is plain JSON", e);
        }
        return Panache.getSession().flatMap(s -> s.createNativeQuery(INSERT)
                .setParameter(1, m.id).setParameter(2, m.version).setParameter(3, m.spaceId).setParameter(4, verb)
                .setParameter(5, body).setParameter(6, changedBy).setParameter(7, at)
                .executeUpdate()).replaceWithVoid();
    }

    /** The newest {@code limit} versions, or only version {@code version} when it is not 0. */
    @SuppressWarnings("unchecked")
    public Uni<List<Version>> versions(String bindingId, int version, int limit) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(SELECT, Object[].class)
                        .setParameter(1, bindingId).setParameter(2, version).setParameter(3, limit).getResultList())
                .map(rows -> {
                    List<Version> versions = new ArrayList<>();
                    for (Object[] row : rows) {
                        Map<String, Object> state = read(String.valueOf(row[2]), Map.class);
                        versions.add(new Version(((Number) row[0]).intValue(), (String) row[1], state, (String) row[3],
                                instant(row[4])));
                    }
                    return versions;
                });
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        return value instanceof java.sql.Timestamp t ? t.toInstant() : null;
    }
}
