package io.plystra.session;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.authz.engine.ActorRef;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Sessions and the caller behind a bearer token, on the reactive pool (every request passes here). */
@ApplicationScoped
public class SessionStore {

    static final String CALLER_SQL = """
            SELECT s.id, s.user_id, u.email, u.status, s.access_expires_at, s.revoked_at,
                   um.id, um.member_id, um.space_id, um.status, um.expires_at
            FROM sessions s
            JOIN users u ON u.id = s.user_id
            LEFT JOIN user_members um ON um.id = s.active_user_member_id
            WHERE s.access_token_hash = $1""";

    static final String GRANTS_SQL = """
            SELECT id, level, space_id, group_id, permission_key FROM admin_grants
            WHERE user_id = $1 AND status = 'active'""";

    private final Pool pool;

    public SessionStore(Pool pool) {
        this.pool = pool;
    }

    /** The caller for an access-token hash; a failed Uni with 401 when the token is unknown, expired, revoked or its user disabled. */
    public Uni<Caller> callerFor(String accessTokenHash, Instant now) {
        return pool.preparedQuery(CALLER_SQL).execute(Tuple.of(accessTokenHash)).flatMap(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().failure(io.plystra.platform.ApiException.authenticationRequired());
            }
            Row r = rows.iterator().next();
            if (r.getOffsetDateTime(5) != null || !"active".equals(r.getString(3))) {
                return Uni.createFrom().failure(io.plystra.platform.ApiException.authenticationRequired());
            }
            if (!r.getOffsetDateTime(4).toInstant().isAfter(now)) {
                return Uni.createFrom().failure(new io.plystra.platform.ApiException(401, "SESSION_EXPIRED",
                        "the access token has expired; refresh it or log in again", null));
            }
            ActorRef actor = activeActor(r, now);
            String userId = r.getString(1);
            return grantsOf(userId).map(grants -> new Caller(r.getString(0), null, userId, r.getString(2), actor, grants));
        });
    }

    public Uni<List<AdminGrant>> grantsOf(String userId) {
        return pool.preparedQuery(GRANTS_SQL).execute(Tuple.of(userId)).map(rows -> {
            List<AdminGrant> grants = new ArrayList<>();
            for (Row g : rows) {
                grants.add(new AdminGrant(g.getString(0), g.getString(1), g.getString(2), g.getString(3), g.getString(4)));
            }
            return List.copyOf(grants);
        });
    }

    public Uni<Void> create(String sessionId, String userId, String userMemberId, String accessHash, String refreshHash,
                            Instant accessExpires, Instant refreshExpires, String ip, String userAgent) {
        return pool.preparedQuery("""
                        INSERT INTO sessions (id, user_id, active_user_member_id, access_token_hash, refresh_token_hash,
                                              access_expires_at, refresh_expires_at, ip_address, user_agent)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)""")
                .execute(Tuple.tuple().addString(sessionId).addString(userId).addString(userMemberId)
                        .addString(accessHash).addString(refreshHash)
                        .addOffsetDateTime(accessExpires.atOffset(ZoneOffset.UTC))
                        .addOffsetDateTime(refreshExpires.atOffset(ZoneOffset.UTC))
                        .addString(ip).addString(userAgent))
                .replaceWithVoid();
    }

    public Uni<Void> revoke(String sessionId, String reason) {
        return pool.preparedQuery("UPDATE sessions SET revoked_at = now(), revoked_reason = $2, updated_at = now() "
                        + "WHERE id = $1 AND revoked_at IS NULL")
                .execute(Tuple.of(sessionId, reason)).replaceWithVoid();
    }

    /** The active actor of a session: only a binding that is active and unexpired right now. */
    private static ActorRef activeActor(Row r, Instant now) {
        if (r.getString(6) == null || !"active".equals(r.getString(9))) {
            return null;
        }
        OffsetDateTime expires = r.getOffsetDateTime(10);
        if (expires != null && !expires.toInstant().isAfter(now)) {
            return null;
        }
        return new ActorRef(r.getString(1), r.getString(7), r.getString(6), r.getString(8));
    }
}
