package io.plystra.identity.user;

import java.time.Instant;

import io.plystra.kernel.Status;

/** A user as the API shows it: whether a password is set, never its hash. */
public record UserView(String id, String email, String username, String phone, String externalSubject, boolean hasPassword, Status status,
                       Instant createdAt, Instant updatedAt) {

    static UserView of(User u) {
        return new UserView(u.id, u.email, u.username, u.phone, u.externalSubject, u.passwordHash != null, u.status, u.createdAt, u.updatedAt);
    }
}
