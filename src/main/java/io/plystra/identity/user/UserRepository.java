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
}
