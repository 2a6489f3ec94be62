package io.plystra.session;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The login lookup: a user's id, email, status and password hash by email, on the reactive pool. */
@ApplicationScoped
public class CredentialRepository {

    static final String USER_SQL = "SELECT id, email, status, password_hash FROM users WHERE lower(email) = lower($1)";

    private final Pool pool;

    public CredentialRepository(Pool pool) {
        this.pool = pool;
    }

    /** The user with this email (case-insensitive), or null. */
    public Uni<Credentials> byEmail(String email) {
        return pool.preparedQuery(USER_SQL).execute(Tuple.of(email)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row r = rows.iterator().next();
            return new Credentials(r.getString(0), r.getString(1), r.getString(2), r.getString(3));
        });
    }

    /** A user as login sees it; {@code status} is the column's text. */
    public record Credentials(String userId, String email, String status, String passwordHash) {
    }
}
