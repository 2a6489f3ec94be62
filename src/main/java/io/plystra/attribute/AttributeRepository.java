package io.plystra.attribute;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.plystra.kernel.PageRequest;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The SQL of attributes and their history, in the caller's Hibernate Reactive session (reads in
 * {@code @WithSession}, writes in the {@code @WithTransaction} of their audit row). Native statements:
 * a value is jsonb of any shape (a string, a number, a list), sent as JSON text and read back as JSON
 * text with exact numbers ({@link ExactJson}). A row comes back as one JSON object built by PostgreSQL.
 */
@ApplicationScoped
public class AttributeRepository {

    private static final String ROW = """
            jsonb_build_object('id', a.id, 'space_id', a.space_id, 'kind', a.subject_kind, 'subject', a.subject_id,
                               'key', a.key, 'value', a.value, 'type', a.value_type, 'expires_at', a.expires_at,
                               'created_at', a.created_at, 'updated_at', a.updated_at)::text""";

    private static final String LIVE = "(a.expires_at IS NULL OR a.expires_at > :now)";

    /**
     * One set: the row before (locked), the insert or update, and the history row, in one statement;
     * answers whether the key was new and when it was first set.
     */
    private static final String SET_SQL = """
            WITH old AS (
                SELECT a.id, a.value, a.value_type, a.expires_at, a.created_at FROM attributes a
                WHERE %1$s AND a.subject_kind = :kind AND a.subject_id = :subject AND a.key = :key FOR UPDATE),
            updated AS (
                UPDATE attributes a SET value = CAST(CAST(:value AS text) AS jsonb), value_type = :type,
                       expires_at = CAST(:expires AS timestamptz), updated_at = :now
                FROM old WHERE a.id = old.id
                RETURNING a.created_at),
            inserted AS (
                INSERT INTO attributes (id, space_id, subject_kind, subject_id, key, value, value_type, expires_at, created_at, updated_at)
                SELECT :id, CAST(:space AS text), :kind, :subject, :key, CAST(CAST(:value AS text) AS jsonb), :type,
                       CAST(:expires AS timestamptz), :now, :now
                WHERE NOT EXISTS (SELECT 1 FROM old)
                RETURNING created_at),
            history AS (
                INSERT INTO attribute_history (id, space_id, subject_kind, subject_id, key, operation, old_value, old_value_type,
                                               old_expires_at, new_value, new_value_type, new_expires_at, actor_user_id,
                                               api_key_id, request_id, created_at)
                SELECT :history, CAST(:space AS text), :kind, :subject, :key, 'set', old.value, old.value_type, old.expires_at,
                       CAST(CAST(:value AS text) AS jsonb), :type, CAST(:expires AS timestamptz), CAST(:user AS text),
                       CAST(:apikey AS text), CAST(:request AS text), :now
                FROM (SELECT 1) AS one LEFT JOIN old ON true)
            SELECT jsonb_build_object('created', NOT EXISTS (SELECT 1 FROM old),
                                      'created_at', coalesce((SELECT created_at FROM updated), (SELECT created_at FROM inserted)))::text""";

    /**
     * Many sets of one space in one statement: the rows before (locked), the inserts and updates, and a history
     * row each; answers, in item order, whether each key was new and when it was first set.
     */
    private static final String SET_ALL_SQL = """
            WITH input AS (
                SELECT * FROM jsonb_to_recordset(CAST(CAST(:items AS text) AS jsonb))
                    AS i(ord int, id text, history text, kind text, subject text, key text, value jsonb, type text,
                         expires timestamptz)),
            old AS (
                SELECT a.subject_kind, a.subject_id, a.key, a.value, a.value_type, a.expires_at
                FROM attributes a JOIN input i ON a.subject_kind = i.kind AND a.subject_id = i.subject AND a.key = i.key
                WHERE a.space_id = :space
                FOR UPDATE OF a),
            upserted AS (
                INSERT INTO attributes (id, space_id, subject_kind, subject_id, key, value, value_type, expires_at, created_at, updated_at)
                SELECT i.id, :space, i.kind, i.subject, i.key, i.value, i.type, i.expires, :now, :now FROM input i
                ON CONFLICT ON CONSTRAINT attributes_subject_key_key DO UPDATE
                    SET value = EXCLUDED.value, value_type = EXCLUDED.value_type, expires_at = EXCLUDED.expires_at,
                        updated_at = EXCLUDED.updated_at
                RETURNING subject_kind, subject_id, key, created_at),
            history AS (
                INSERT INTO attribute_history (id, space_id, subject_kind, subject_id, key, operation, old_value, old_value_type,
                                               old_expires_at, new_value, new_value_type, new_expires_at, actor_user_id,
                                               api_key_id, request_id, created_at)
                SELECT i.history, :space, i.kind, i.subject, i.key, 'set', o.value, o.value_type, o.expires_at, i.value, i.type,
                       i.expires, CAST(:user AS text), CAST(:apikey AS text), CAST(:request AS text), :now
                FROM input i LEFT JOIN old o ON o.subject_kind = i.kind AND o.subject_id = i.subject AND o.key = i.key)
            SELECT coalesce(jsonb_agg(jsonb_build_object('created', o.key IS NULL, 'created_at', u.created_at) ORDER BY i.ord), '[]')::text
            FROM input i
            JOIN upserted u ON u.subject_kind = i.kind AND u.subject_id = i.subject AND u.key = i.key
            LEFT JOIN old o ON o.subject_kind = i.kind AND o.subject_id = i.subject AND o.key = i.key""";

    /** One set of {@link #setAll}. */
    public record Item(AttributeSubject subject, String key, AttributeValue value, Instant expiresAt) {
    }

    /** One delete and its history row; no row when the key was not set. */
    private static final String DELETE_SQL = """
            WITH old AS (
                DELETE FROM attributes a
                WHERE %1$s AND a.subject_kind = :kind AND a.subject_id = :subject AND a.key = :key
                RETURNING a.*),
            history AS (
                INSERT INTO attribute_history (id, space_id, subject_kind, subject_id, key, operation, old_value, old_value_type,
                                               old_expires_at, actor_user_id, api_key_id, request_id, created_at)
                SELECT :history, old.space_id, old.subject_kind, old.subject_id, old.key, 'delete', old.value, old.value_type,
                       old.expires_at, CAST(:user AS text), CAST(:apikey AS text), CAST(:request AS text), :now
                FROM old)
            SELECT %2$s FROM old AS a""";

    private static final String HISTORY_ROW = """
            jsonb_build_object('id', h.id, 'space_id', h.space_id, 'kind', h.subject_kind, 'subject', h.subject_id,
                               'key', h.key, 'operation', h.operation, 'old_value', h.old_value, 'old_type', h.old_value_type,
                               'old_expires_at', h.old_expires_at, 'new_value', h.new_value, 'new_type', h.new_value_type,
                               'new_expires_at', h.new_expires_at, 'actor_user_id', h.actor_user_id,
                               'api_key_id', h.api_key_id, 'request_id', h.request_id, 'created_at', h.created_at)::text""";

    /** Who made a change, for its history row. */
    public record Who(String userId, String apiKeyId, String requestId) {
    }

    /** What a set did: whether the key was new, and when it was first set. */
    public record SetResult(boolean created, Instant createdAt) {
    }

    private final ObjectReader json;

    public AttributeRepository(ObjectMapper mapper) {
        this.json = ExactJson.reader(mapper);
    }

    /** Every attribute of the subject live at {@code now}, by key. */
    public Uni<List<StoredAttribute>> ofSubject(AttributeSubject s, Instant now) {
        String sql = "SELECT " + ROW + " FROM attributes a WHERE " + space(s.spaceId())
                + " AND a.subject_kind = :kind AND a.subject_id = :subject AND " + LIVE + " ORDER BY a.key";
        return Panache.getSession().flatMap(session -> {
            var q = session.createNativeQuery(sql, String.class).setParameter("kind", s.kind())
                    .setParameter("subject", s.subjectId()).setParameter("now", at(now));
            bindSpace(q, s.spaceId());
            return q.getResultList();
        }).map(this::attributes);
    }

    /** The attribute live at {@code now}, or null. */
    public Uni<StoredAttribute> one(AttributeSubject s, String key, Instant now) {
        String sql = "SELECT " + ROW + " FROM attributes a WHERE " + space(s.spaceId())
                + " AND a.subject_kind = :kind AND a.subject_id = :subject AND a.key = :key AND " + LIVE;
        return Panache.getSession().flatMap(session -> {
            var q = session.createNativeQuery(sql, String.class).setParameter("kind", s.kind())
                    .setParameter("subject", s.subjectId()).setParameter("key", key).setParameter("now", at(now));
            bindSpace(q, s.spaceId());
            return q.getResultList();
        }).map(rows -> rows.isEmpty() ? null : attribute(rows.get(0)));
    }

    /** Sets the key (insert or update) and appends its history row; in the caller's transaction. */
    public Uni<SetResult> set(AttributeSubject s, String key, AttributeValue value, Instant expiresAt, Instant now,
                              String id, String historyId, Who who) {
        String sql = SET_SQL.formatted(space(s.spaceId()));
        return Panache.getSession().flatMap(session -> {
            var q = session.createNativeQuery(sql, String.class)
                    .setParameter("space", s.spaceId()).setParameter("kind", s.kind()).setParameter("subject", s.subjectId())
                    .setParameter("key", key).setParameter("value", value.json().toString()).setParameter("type", value.type())
                    .setParameter("expires", expiresAt == null ? null : at(expiresAt)).setParameter("now", at(now))
                    .setParameter("id", id).setParameter("history", historyId).setParameter("user", who.userId())
                    .setParameter("apikey", who.apiKeyId()).setParameter("request", who.requestId());
            return q.getSingleResult();
        }).map(row -> {
            JsonNode r = tree(row);
            return new SetResult(r.get("created").booleanValue(), instant(r.get("created_at")));
        });
    }

    /**
     * Sets every item (distinct keys of subjects of {@code spaceId}) and appends their history rows, in one
     * statement in the caller's transaction; the results in item order.
     */
    public Uni<List<SetResult>> setAll(String spaceId, List<Item> items, Instant now, Who who) {
        com.fasterxml.jackson.databind.node.ArrayNode rows = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            rows.addObject().put("ord", i).put("id", io.plystra.kernel.Ids.generate("attr"))
                    .put("history", io.plystra.kernel.Ids.generate("attrh")).put("kind", item.subject().kind())
                    .put("subject", item.subject().subjectId()).put("key", item.key()).put("type", item.value().type())
                    .put("expires", item.expiresAt() == null ? null : item.expiresAt().toString())
                    .set("value", item.value().json());
        }
        return Panache.getSession().flatMap(session -> session.createNativeQuery(SET_ALL_SQL, String.class)
                        .setParameter("items", rows.toString()).setParameter("space", spaceId).setParameter("now", at(now))
                        .setParameter("user", who.userId()).setParameter("apikey", who.apiKeyId())
                        .setParameter("request", who.requestId()).getSingleResult())
                .map(answer -> {
                    List<SetResult> out = new ArrayList<>(items.size());
                    tree(answer).forEach(r -> out.add(new SetResult(r.get("created").booleanValue(), instant(r.get("created_at")))));
                    return out;
                });
    }

    /** Deletes the key (live or expired) and appends its history row; the row as it was, or null when none. */
    public Uni<StoredAttribute> delete(AttributeSubject s, String key, Instant now, String historyId, Who who) {
        String sql = DELETE_SQL.formatted(space(s.spaceId()), ROW);
        return Panache.getSession().flatMap(session -> {
            var q = session.createNativeQuery(sql, String.class)
                    .setParameter("kind", s.kind()).setParameter("subject", s.subjectId()).setParameter("key", key)
                    .setParameter("now", at(now)).setParameter("history", historyId).setParameter("user", who.userId())
                    .setParameter("apikey", who.apiKeyId()).setParameter("request", who.requestId());
            bindSpace(q, s.spaceId());
            return q.getResultList();
        }).map(rows -> rows.isEmpty() ? null : attribute(rows.get(0)));
    }

    /** Up to {@code limit + 1} history rows of the key after the cursor, oldest first. */
    public Uni<List<AttributeHistoryView>> history(AttributeSubject s, String key, PageRequest page) {
        String sql = "SELECT " + HISTORY_ROW + " FROM attribute_history h WHERE " + space(s.spaceId()).replace("a.", "h.")
                + " AND h.subject_kind = :kind AND h.subject_id = :subject AND h.key = :key"
                + (page.first() ? "" : " AND (h.created_at, h.id) > (:after_at, :after_id)")
                + " ORDER BY h.created_at, h.id LIMIT :limit";
        return Panache.getSession().flatMap(session -> {
            var q = session.createNativeQuery(sql, String.class).setParameter("kind", s.kind())
                    .setParameter("subject", s.subjectId()).setParameter("key", key).setParameter("limit", page.limit() + 1);
            bindSpace(q, s.spaceId());
            if (!page.first()) {
                q.setParameter("after_at", at(page.afterCreatedAt())).setParameter("after_id", page.afterId());
            }
            return q.getResultList();
        }).map(rows -> rows.stream().map(this::historyRow).toList());
    }

    /**
     * Up to {@code limit + 1} attributes of the space with this key, live at {@code now}, whose value
     * matches ({@link ValueMatch}; null: any value), optionally of one kind, after the cursor, oldest first.
     */
    public Uni<List<StoredAttribute>> search(String spaceId, String key, ValueMatch match, String kind, Instant now,
                                             PageRequest page) {
        StringBuilder sql = new StringBuilder("SELECT " + ROW + " FROM attributes a WHERE a.space_id = :space AND a.key = :key AND "
                + LIVE);
        if (kind != null) {
            sql.append(" AND a.subject_kind = :kind");
        }
        if (match != null) {
            sql.append(" AND (").append(match.sql()).append(')');
        }
        if (!page.first()) {
            sql.append(" AND (a.created_at, a.id) > (:after_at, :after_id)");
        }
        sql.append(" ORDER BY a.created_at, a.id LIMIT :limit");
        return Panache.getSession().flatMap(session -> {
            var q = session.createNativeQuery(sql.toString(), String.class).setParameter("space", spaceId)
                    .setParameter("key", key).setParameter("now", at(now)).setParameter("limit", page.limit() + 1);
            if (kind != null) {
                q.setParameter("kind", kind);
            }
            if (match != null) {
                match.parameters().forEach(q::setParameter);
            }
            if (!page.first()) {
                q.setParameter("after_at", at(page.afterCreatedAt())).setParameter("after_id", page.afterId());
            }
            return q.getResultList();
        }).map(this::attributes);
    }

    /**
     * The first of these subjects (by id, any kind) of the space (null: of no space, organizations) that holds more than {@code max} keys live at
     * {@code now}, as {@code <kind>:<subject id>}; null when none does.
     */
    public Uni<String> overFull(String spaceId, Collection<String> subjectIds, int max, Instant now) {
        String sql = "SELECT a.subject_kind || ':' || a.subject_id FROM attributes a WHERE " + space(spaceId)
                + " AND a.subject_id IN (:ids) AND " + LIVE + " GROUP BY a.subject_kind, a.subject_id HAVING count(*) > :max LIMIT 1";
        return Panache.getSession().flatMap(session -> {
            var q = session.createNativeQuery(sql, String.class).setParameter("ids", List.copyOf(subjectIds))
                    .setParameter("max", max).setParameter("now", at(now));
            bindSpace(q, spaceId);
            return q.getResultList();
        }).map(rows -> rows.isEmpty() ? null : rows.get(0));
    }

    /** Of these member ids, those that exist in the space. */
    public Uni<Set<String>> membersInSpace(String spaceId, Collection<String> memberIds) {
        if (memberIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("SELECT id FROM members WHERE space_id = :space AND id IN (:ids)", String.class)
                .setParameter("space", spaceId).setParameter("ids", List.copyOf(memberIds)).getResultList())
                .map(HashSet::new);
    }

    /** The storage kind of each of these registered types ({@code stored} or {@code external}); unknown types are absent. */
    public Uni<Map<String, String>> storageKinds(Collection<String> typeKeys) {
        if (typeKeys.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("SELECT jsonb_build_object('key', key, 'storage_kind', storage_kind)::text "
                        + "FROM resource_types WHERE key IN (:keys)", String.class)
                .setParameter("keys", List.copyOf(typeKeys)).getResultList())
                .map(rows -> {
                    Map<String, String> out = new java.util.HashMap<>();
                    rows.forEach(r -> {
                        JsonNode n = tree(r);
                        out.put(n.get("key").textValue(), n.get("storage_kind").textValue());
                    });
                    return out;
                });
    }

    /** Of these {@code <type>:<id>} subjects, those whose resource exists in the space (archived ones too). */
    public Uni<Set<String>> resourcesInSpace(String spaceId, Collection<AttributeSubject> resources) {
        if (resources.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        Set<String> types = new HashSet<>();
        Set<String> ids = new HashSet<>();
        resources.forEach(r -> {
            types.add(r.resourceType());
            ids.add(r.resourceId());
        });
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("SELECT resource_type || ':' || id FROM resources "
                        + "WHERE space_id = :space AND id IN (:ids) AND resource_type IN (:types)", String.class)
                .setParameter("space", spaceId).setParameter("ids", List.copyOf(ids)).setParameter("types", List.copyOf(types))
                .getResultList())
                .map(HashSet::new);
    }

    private static String space(String spaceId) {
        return spaceId == null ? "a.space_id IS NULL" : "a.space_id = :space";
    }

    private static void bindSpace(org.hibernate.reactive.mutiny.Mutiny.SelectionQuery<?> q, String spaceId) {
        if (spaceId != null) {
            q.setParameter("space", spaceId);
        }
    }

    private List<StoredAttribute> attributes(List<String> rows) {
        List<StoredAttribute> out = new ArrayList<>(rows.size());
        rows.forEach(r -> out.add(attribute(r)));
        return out;
    }

    private StoredAttribute attribute(String row) {
        JsonNode r = tree(row);
        return new StoredAttribute(text(r, "id"), text(r, "space_id"), text(r, "kind"), text(r, "subject"), text(r, "key"),
                r.get("value"), text(r, "type"), instant(r.get("expires_at")), instant(r.get("created_at")),
                instant(r.get("updated_at")));
    }

    private AttributeHistoryView historyRow(String row) {
        JsonNode r = tree(row);
        return new AttributeHistoryView(text(r, "id"), text(r, "space_id"), AttributeSubject.apiKind(text(r, "kind")),
                text(r, "subject"), text(r, "key"), text(r, "operation"), nullable(r.get("old_value")), text(r, "old_type"),
                instant(r.get("old_expires_at")), nullable(r.get("new_value")), text(r, "new_type"),
                instant(r.get("new_expires_at")), text(r, "actor_user_id"), text(r, "api_key_id"), text(r, "request_id"),
                instant(r.get("created_at")));
    }

    private JsonNode tree(String row) {
        try {
            return json.readTree(row);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("PostgreSQL answered JSON that does not parse", e);
        }
    }

    private static String text(JsonNode r, String field) {
        JsonNode v = r.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static JsonNode nullable(JsonNode v) {
        return v == null || v.isNull() ? null : v;
    }

    /** A timestamp of a JSON row ({@code 2026-11-23T18:31:40.123456+00:00}), or null. */
    static Instant instant(JsonNode v) {
        return v == null || v.isNull() ? null : OffsetDateTime.parse(v.textValue()).toInstant();
    }

    static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
