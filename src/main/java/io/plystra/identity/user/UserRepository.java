package io.plystra.identity.user;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.kernel.KeysetQuery;
import io.plystra.kernel.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<User, String> {

    static final Set<String> STATUSES = Set.of("active", "disabled");

    /** {@code email} matches case-insensitively, like login and the unique index. */
    public Uni<List<User>> page(PageRequest page, String status, String email) {
        return KeysetQuery.after(page).oneOf("status", "status", status, STATUSES).where("lower(email) = lower(:email)", "email", email).list(this);
    }
}
