package io.plystra.access;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.kernel.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Checks what a space-scoped body or route refers to, in the caller's session: the route's space
 * (404 SPACE_NOT_FOUND) and members and groups that must belong to it (400 naming the field).
 * The composite foreign keys of the schema enforce the same; these checks name the field first.
 */
@ApplicationScoped
public class SpaceReferences {

    public Uni<Void> space(String spaceId) {
        return exists("SELECT id FROM spaces WHERE id = :id", spaceId, null)
                .invoke(found -> {
                    if (!found) {
                        throw ApiException.notFound("space", spaceId);
                    }
                }).replaceWithVoid();
    }

    /** Null is fine (the field is optional); anything else must be a member of {@code spaceId}. */
    public Uni<Void> member(String spaceId, String field, String memberId) {
        return inSpace("SELECT id FROM members WHERE id = :id AND space_id = :space", spaceId, field, memberId,
                "must be a member of this space");
    }

    /** Null is fine (the field is optional); anything else must be a group of {@code spaceId}. */
    public Uni<Void> group(String spaceId, String field, String groupId) {
        return inSpace("SELECT id FROM groups WHERE id = :id AND space_id = :space", spaceId, field, groupId,
                "must be a group of this space");
    }

    private Uni<Void> inSpace(String sql, String spaceId, String field, String id, String problem) {
        if (id == null) {
            return Uni.createFrom().voidItem();
        }
        return exists(sql, id, spaceId).invoke(found -> {
            if (!found) {
                throw ApiException.validation(field, problem);
            }
        }).replaceWithVoid();
    }

    private static Uni<Boolean> exists(String sql, String id, String spaceId) {
        return Panache.getSession().flatMap(session -> {
            var query = session.createNativeQuery(sql, String.class).setParameter("id", id);
            if (spaceId != null) {
                query.setParameter("space", spaceId);
            }
            return query.getResultList();
        }).map((List<String> rows) -> !rows.isEmpty());
    }
}
