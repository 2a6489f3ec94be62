package io.plystra.session;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Whether rows that grants and API keys point at exist (users, spaces and groups are owned by
 * other packages), and whether a user is a super admin, read in the current Hibernate Reactive session. Call from a
 * {@code @WithSession} or {@code @WithTransaction} method.
 */
public final class References {

    private References() {
    }

    /** Whether {@code id} can name a row at all: 1 to 256 characters, no control characters (PostgreSQL text refuses NUL). */
    public static boolean wellFormedId(String id) {
        return id != null && !id.isBlank() && id.length() <= 256 && id.chars().noneMatch(Character::isISOControl);
    }

    public static Uni<Boolean> userExists(String userId) {
        return exists("SELECT id FROM users WHERE id = :id", userId, null);
    }

    public static Uni<Boolean> spaceExists(String spaceId) {
        return exists("SELECT id FROM spaces WHERE id = :id", spaceId, null);
    }

    public static Uni<Boolean> groupInSpace(String groupId, String spaceId) {
        return exists("SELECT id FROM groups WHERE id = :id AND space_id = :space", groupId, spaceId);
    }

    /** Whether the user holds an active {@code instance_super_admin} grant. */
    public static Uni<Boolean> superAdmin(String userId) {
        return exists("SELECT id FROM admin_grants WHERE user_id = :id AND level = 'instance_super_admin' AND status = 'active'",
                userId, null);
    }

    private static Uni<Boolean> exists(String sql, String id, String space) {
        return Panache.getSession().flatMap(session -> {
            var query = session.createNativeQuery(sql, String.class).setParameter("id", id);
            if (space != null) {
                query.setParameter("space", space);
            }
            return query.getResultList();
        }).map(rows -> !rows.isEmpty());
    }
}
