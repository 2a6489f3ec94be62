package io.plystra.audit;

import java.util.Map;

/**
 * An accepted admin mutation as the audit log records it: {@code <entity>.<verb>} on one row.
 *
 * @param entity   the entity kind ({@code space}, {@code user_member}, ...), stored as resource_type
 * @param verb     {@code created}, {@code updated}, {@code disabled}, ...
 * @param entityId the row changed
 * @param spaceId  its space, null for rows of no space
 * @param after    the row as it is after the change, which is also what the caller gets back (never secrets)
 * @param facts    what the row does not show but the audit log must ({@code password_changed}, sessions ended)
 */
public record Mutation<V>(String entity, String verb, String entityId, String spaceId, V after, Map<String, Object> facts) {

    public Mutation(String entity, String verb, String entityId, String spaceId, V after) {
        this(entity, verb, entityId, spaceId, after, Map.of());
    }

    /** The same mutation with one more fact for the audit row. */
    public Mutation<V> with(String fact, Object value) {
        Map<String, Object> more = new java.util.LinkedHashMap<>(facts);
        more.put(fact, value);
        return new Mutation<>(entity, verb, entityId, spaceId, after, more);
    }

    public String action() {
        return entity + "." + verb;
    }
}
