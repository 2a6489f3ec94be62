package io.plystra.audit;

/**
 * An accepted admin mutation as the audit log records it: {@code <entity>.<verb>} on one row.
 *
 * @param entity   the entity kind ({@code space}, {@code user_member}, ...), stored as resource_type
 * @param verb     {@code created}, {@code updated}, {@code disabled}, ...
 * @param entityId the row changed
 * @param spaceId  its space, null for rows of no space
 * @param after    the row as it is after the change, which is also what the caller gets back (never secrets)
 */
public record Mutation<V>(String entity, String verb, String entityId, String spaceId, V after) {

    public String action() {
        return entity + "." + verb;
    }
}
