package io.plystra.identity;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.kernel.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Whether the rows a body or route refers to exist, read in the caller's Hibernate Reactive session
 * (call from a {@code @WithSession} or {@code @WithTransaction} method): the route's space (404
 * SPACE_NOT_FOUND), members and groups that must belong to it (400 naming the field), users,
 * spaces and groups that grants and API keys name, and whether a user is a super admin. The
 * composite foreign keys of the schema enforce the same; these checks name the field first.
 * Inject it; {@link #userExists}, {@link #spaceExists} and {@link #groupInSpace} stay static for the
 * grant and API-key services, which call them without injecting this.
 */
@ApplicationScoped
public class ReferenceRepository {

    private static final String MEMBER_IN_SPACE = "SELECT id FROM members WHERE id = :id AND space_id = :space";

    public static Uni<Boolean> userExists(String userId) {
        return exists("SELECT id FROM users WHERE id = :id", userId, null);
    }

    public static Uni<Boolean> spaceExists(String spaceId) {
        return exists("SELECT id FROM spaces WHERE id = :id", spaceId, null);
    }

    public static Uni<Boolean> organizationExists(String organizationId) {
        return exists("SELECT id FROM organizations WHERE id = :id", organizationId, null);
    }

    public static Uni<Boolean> groupInSpace(String groupId, String spaceId) {
        return exists("SELECT id FROM groups WHERE id = :id AND space_id = :space", groupId, spaceId);
    }

    public Uni<Boolean> memberInSpace(String memberId, String spaceId) {
        return exists(MEMBER_IN_SPACE, memberId, spaceId);
    }

    /** Whether the member is a service's member (services.member_id): never bound to a user. */
    public Uni<Boolean> serviceMember(String memberId) {
        return exists("SELECT id FROM services WHERE member_id = :id", memberId, null);
    }

    /** Whether the user has a binding (of any status) in the space: a user of that space. */
    public Uni<Boolean> userInSpace(String userId, String spaceId) {
        return exists("SELECT id FROM user_members WHERE user_id = :id AND space_id = :space LIMIT 1", userId, spaceId);
    }

    /** Whether the user holds an active {@code instance_super_admin} grant. */
    public Uni<Boolean> superAdmin(String userId) {
        return exists("SELECT id FROM admin_grants WHERE user_id = :id AND level = 'instance_super_admin' AND status = 'active'",
                userId, null);
    }

    public Uni<Void> space(String spaceId) {
        return spaceExists(spaceId)
                .invoke(found -> {
                    if (!found) {
                        throw ApiException.notFound("space", spaceId);
                    }
                }).replaceWithVoid();
    }

    /** Null is fine (the field is optional); anything else must be a member of {@code spaceId}. */
    public Uni<Void> member(String spaceId, String field, String memberId) {
        return inSpace(MEMBER_IN_SPACE, spaceId, field, memberId,
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
