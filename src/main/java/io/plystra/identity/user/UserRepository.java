package io.plystra.identity.user;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.identity.KeysetQuery;
import io.plystra.platform.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<User, String> {

    static final List<String> STATUSES = List.of("active", "disabled");

    /** {@code email} matches case-insensitively, like login and the unique index. */
    public Uni<List<User>> page(PageRequest page, String status, String email) {
        return new KeysetQuery(page).status(status, STATUSES).and("lower(email) = lower(:email)", "email", email).fetch(this);
    }
}
