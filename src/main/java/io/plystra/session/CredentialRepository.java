package io.plystra.session;

import java.time.Instant;
import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Credentials, on the reactive pool (no ORM session: API keys are read on every uncached request):
 * a user's password hash by email, an API key or a service key by its HMAC, and the batched {@code last_used_at} of keys.
 */
@ApplicationScoped
public class CredentialRepository {

    static final String USER_SQL = "SELECT id, email, status, password_hash FROM users WHERE lower(email) = lower($1)";

    static final String KEY_SQL = """
            SELECT k.id, k.permission_keys, k.space_id, k.status, k.expires_at, k.created_by_user_id, u.email, u.status
            FROM api_keys k LEFT JOIN users u ON u.id = k.created_by_user_id
            WHERE k.key_hash = $1""";

    static final String KEY_USES_SQL = """
            UPDATE api_keys k SET last_used_at = u.used_at
            FROM unnest($1::text[], $2::timestamptz[]) AS u(id, used_at)
            WHERE k.id = u.id AND (k.last_used_at IS NULL OR k.last_used_at < u.used_at)""";

    /** A service key with its service (the member it acts as and its space). */
    static final String SERVICE_KEY_SQL = """
            SELECT k.id, k.status, k.expires_at, sv.id, sv.member_id, sv.space_id
            FROM service_keys k JOIN services sv ON sv.id = k.service_id
            WHERE k.key_hash = $1""";

    static final String SERVICE_KEY_USES_SQL = """
            UPDATE service_keys k SET last_used_at = u.used_at
            FROM unnest($1::text[], $2::timestamptz[]) AS u(id, used_at)
            WHERE k.id = u.id AND (k.last_used_at IS NULL OR k.last_used_at < u.used_at)""";

    @Inject
    Pool pool;

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

    /** The API key with this HMAC and its creator, or null. */
    public Uni<KeyCredentials> keyByHash(String keyHash) {
        return pool.preparedQuery(KEY_SQL).execute(Tuple.of(keyHash)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row r = rows.iterator().next();
            OffsetDateTime expires = r.getOffsetDateTime(4);
            return new KeyCredentials(r.getString(0), r.getArrayOfStrings(1), r.getString(2), r.getString(3),
                    expires == null ? null : expires.toInstant(), r.getString(5), r.getString(6), r.getString(7));
        });
    }

    /** Raises {@code last_used_at} of each key {@code ids[i]} to {@code times[i]} (never lowers it), in one statement. */
    public Uni<Void> recordKeyUses(String[] ids, OffsetDateTime[] times) {
        return pool.preparedQuery(KEY_USES_SQL).execute(Tuple.of(ids, times)).replaceWithVoid();
    }

    /** The service key with this HMAC and its service, or null. */
    public Uni<ServiceKeyCredentials> serviceKeyByHash(String keyHash) {
        return pool.preparedQuery(SERVICE_KEY_SQL).execute(Tuple.of(keyHash)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row r = rows.iterator().next();
            OffsetDateTime expires = r.getOffsetDateTime(2);
            return new ServiceKeyCredentials(r.getString(0), r.getString(1), expires == null ? null : expires.toInstant(),
                    r.getString(3), r.getString(4), r.getString(5));
        });
    }

    /** As {@link #recordKeyUses}, for service keys. */
    public Uni<Void> recordServiceKeyUses(String[] ids, OffsetDateTime[] times) {
        return pool.preparedQuery(SERVICE_KEY_USES_SQL).execute(Tuple.of(ids, times)).replaceWithVoid();
    }

    /** A user as login sees it; {@code status} is the column's text. */
    public record Credentials(String userId, String email, String status, String passwordHash) {
    }

    /** A service key as authentication sees it: its state, and the service it acts as. */
    public record ServiceKeyCredentials(String id, String status, Instant expiresAt, String serviceId, String memberId,
                                        String spaceId) {
    }

    /** An API key as authentication sees it, with its creator's email and status (null when the creator is gone). */
    public record KeyCredentials(String id, String[] permissionKeys, String spaceId, String status, Instant expiresAt,
                                 String creatorId, String creatorEmail, String creatorStatus) {
    }
}
