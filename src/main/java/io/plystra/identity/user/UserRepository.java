package io.plystra.identity.user;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.kernel.KeysetQuery;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<User, String> {

    /** {@code email} matches case-insensitively, like login and the unique index. */
    public Uni<List<User>> page(PageRequest page, String status, String email) {
        return KeysetQuery.after(page).status(status, Status.DISABLEABLE)
                .where("lower(email) = lower(:email)", "email", email).list(this);
    }

    /**
     * Ends every live session of the user, in the caller's transaction (the sessions' change
     * notifications evict their cached callers on every instance); returns how many ended.
     */
    public Uni<Integer> endSessions(String userId, String reason) {
        return getSession().flatMap(session -> session.createNativeQuery(
                        "UPDATE sessions SET revoked_at = now(), revoked_reason = ?1, updated_at = now() "
                                + "WHERE user_id = ?2 AND revoked_at IS NULL")
                .setParameter(1, reason).setParameter(2, userId).executeUpdate());
    }
}
