package io.plystra.session.apikey;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.kernel.ApiException;
import io.plystra.kernel.ErrorCode;
import io.plystra.kernel.AdminGrant;
import io.plystra.session.Authenticated;
import io.plystra.kernel.Caller;
import io.plystra.session.SessionStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The caller behind {@code Authorization: Bearer ply_key_...}: grants made from the key's permission
 * keys (in its space, or instance-wide when it has none, never super admin) that its creator still
 * holds, acting for the user who created it, with no actor. Two indexed lookups (the key, the
 * creator's active grants) when the caller is not cached, no write ({@link ApiKeyUsage}).
 */
@ApplicationScoped
public class ApiKeyAuthenticator {

    static final String KEY_SQL = """
            SELECT k.id, k.permission_keys, k.space_id, k.status, k.expires_at, k.created_by_user_id, u.email, u.status
            FROM api_keys k LEFT JOIN users u ON u.id = k.created_by_user_id
            WHERE k.key_hash = $1""";

    private final Pool pool;
    private final ApiKeyUsage usage;
    private final SessionStore sessions;

    public ApiKeyAuthenticator(Pool pool, ApiKeyUsage usage, SessionStore sessions) {
        this.pool = pool;
        this.usage = usage;
        this.sessions = sessions;
    }

    /** The level a key's grants act at: {@code space_admin} in its space, {@code instance_admin} without one. */
    public static String levelOf(String spaceId) {
        return spaceId == null ? AdminGrant.INSTANCE_ADMIN : AdminGrant.SPACE_ADMIN;
    }

    /**
     * Whether a key of {@code spaceId} made by {@code creator} may carry {@code permission}: the
     * creator holds it there through a grant of the key's level or a broader one.
     */
    public static boolean mayCarry(Caller creator, String permission, String spaceId) {
        return creator.holdsAtLevel(permission, spaceId, levelOf(spaceId));
    }

    /**
     * 401 when the key is unknown, revoked or expired, or its creator is missing or disabled. The key
     * keeps only the permission keys its creator still holds at the key's level ({@link #mayCarry}):
     * revoking the creator's grants takes them from its keys too (a key left with none gets 403).
     */
    public Uni<Authenticated> callerFor(String keyHash, Instant now) {
        return pool.preparedQuery(KEY_SQL).execute(Tuple.of(keyHash)).flatMap(rows -> {
            if (rows.size() == 0) {
                throw ApiException.authenticationRequired();
            }
            Row r = rows.iterator().next();
            OffsetDateTime expires = r.getOffsetDateTime(4);
            if (!"active".equals(r.getString(3)) || (expires != null && !expires.toInstant().isAfter(now))
                    || !"active".equals(r.getString(7))) {
                throw new ApiException(ErrorCode.AUTHENTICATION_REQUIRED, "this API key is revoked or expired");
            }
            String id = r.getString(0);
            String spaceId = r.getString(2);
            String userId = r.getString(5);
            String email = r.getString(6);
            String[] keys = r.getArrayOfStrings(1);
            return sessions.grantsOf(userId).map(creatorGrants -> {
                Caller creator = new Caller(null, null, userId, email, null, creatorGrants);
                List<AdminGrant> grants = new ArrayList<>();
                for (String key : keys) {
                    if (mayCarry(creator, key, spaceId)) {
                        grants.add(new AdminGrant(id, levelOf(spaceId), spaceId, null, null, key));
                    }
                }
                usage.touch(id, now);
                return new Authenticated(new Caller(null, id, userId, email, null, List.copyOf(grants)),
                        expires == null ? null : expires.toInstant());
            });
        });
    }
}
