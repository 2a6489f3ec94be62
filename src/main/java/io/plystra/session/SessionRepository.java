package io.plystra.session;

import io.plystra.kernel.AdminGrant;
import io.plystra.kernel.Caller;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.plystra.kernel.ApiException;
import io.plystra.kernel.ErrorCode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Sessions and the caller behind a bearer token, on the reactive pool (every request passes here). */
@ApplicationScoped
public class SessionRepository {

    static final String CALLER_SQL = """
            SELECT s.id, s.user_id, u.email, u.status, s.access_expires_at, s.revoked_at,
                   um.id, um.member_id, um.space_id, um.status, um.expires_at
            FROM sessions s
            JOIN users u ON u.id = s.user_id
            LEFT JOIN user_members um ON um.id = s.active_user_member_id
            WHERE s.access_token_hash = $1""";

    /**
     * The user's active grants, with the path of a group grant's group (immutable, so safe to cache), and for an
     * organization grant the organizations at and below its organization and their spaces (the caller cache drops
     * them on any change of an organization or a space).
     */
    static final String GRANTS_SQL = """
            SELECT a.id, a.level, a.space_id, a.group_id, g.path, a.permission_key, a.organization_id,
                   reach.organizations, reach.spaces
            FROM admin_grants a LEFT JOIN groups g ON g.id = a.group_id
            LEFT JOIN LATERAL (
                WITH RECURSIVE below(id, depth) AS (
                    SELECT a.organization_id, 1
                    UNION ALL
                    SELECT o.id, b.depth + 1 FROM organizations o JOIN below b ON o.parent_id = b.id WHERE b.depth < 16)
                SELECT array_agg(b.id) AS organizations,
                       ARRAY(SELECT s.id FROM spaces s JOIN below x ON s.organization_id = x.id) AS spaces
                FROM below b) reach ON a.organization_id IS NOT NULL
            WHERE a.user_id = $1 AND a.status = 'active'""";

    /** A binding the user may act through: active, unexpired, with an active member and space. */
    static final String USABLE_BINDING = """
            um.status = 'active' AND (um.expires_at IS NULL OR um.expires_at > now())
            AND m.status = 'active' AND sp.status = 'active'""";

    static final String MEMBERS_SQL = """
            SELECT um.id, um.member_id, um.space_id, um.relation_type, um.is_primary, um.expires_at, m.display_name
            FROM user_members um JOIN members m ON m.id = um.member_id JOIN spaces sp ON sp.id = um.space_id
            WHERE um.user_id = $1 AND %s
            ORDER BY um.is_primary DESC, um.created_at, um.id""".formatted(USABLE_BINDING);

    /**
     * Rotation in one statement: the session gets new token hashes and the old refresh hash is
     * remembered, so a concurrent second use of the same token finds nothing to rotate.
     */
    static final String ROTATE_SQL = """
            WITH rotated AS (
                UPDATE sessions s SET access_token_hash = $2, refresh_token_hash = $3,
                       access_expires_at = LEAST($4, s.refresh_expires_at), updated_at = now()
                FROM users u
                WHERE s.refresh_token_hash = $1 AND s.revoked_at IS NULL AND s.refresh_expires_at > $5
                  AND u.id = s.user_id AND u.status = 'active'
                RETURNING s.id, s.access_expires_at, s.refresh_expires_at
            ), remembered AS (
                INSERT INTO session_rotated_refresh_tokens (refresh_token_hash, session_id) SELECT $1, id FROM rotated
            )
            SELECT id, access_expires_at, refresh_expires_at FROM rotated""";

    static final String REUSED_SQL = """
            UPDATE sessions SET revoked_at = now(), revoked_reason = 'refresh_token_reused', updated_at = now()
            WHERE id = (SELECT session_id FROM session_rotated_refresh_tokens WHERE refresh_token_hash = $1)
              AND revoked_at IS NULL""";

    static final String SWITCH_SQL = """
            UPDATE sessions s SET active_user_member_id = um.id, updated_at = now()
            FROM user_members um JOIN members m ON m.id = um.member_id JOIN spaces sp ON sp.id = um.space_id
            WHERE s.id = $1 AND s.revoked_at IS NULL AND um.id = $2 AND um.user_id = s.user_id AND %s
            RETURNING s.user_id, um.member_id, um.id, um.space_id""".formatted(USABLE_BINDING);

    @Inject
    Pool pool;

    @Inject
    CallerCache callers;

    /**
     * Evicts the session's cached caller on this instance as soon as the change has committed, so
     * the client's next request sees it; other instances follow on the change notification.
     */
    private void forget(String sessionId) {
        callers.invalidate("sessions:" + sessionId);
    }

    /** The caller for an access-token hash; a failed Uni with 401 when the token is unknown, expired, revoked or its user disabled. */
    public Uni<Authenticated> callerFor(String accessTokenHash, Instant now) {
        return pool.preparedQuery(CALLER_SQL).execute(Tuple.of(accessTokenHash)).flatMap(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().failure(ApiException.authenticationRequired());
            }
            Row r = rows.iterator().next();
            if (r.getOffsetDateTime(5) != null || !"active".equals(r.getString(3))) {
                return Uni.createFrom().failure(ApiException.authenticationRequired());
            }
            if (!r.getOffsetDateTime(4).toInstant().isAfter(now)) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.SESSION_EXPIRED, "the access token has expired; refresh it or log in again", null));
            }
            Caller.Actor actor = activeActor(r, now);
            String userId = r.getString(1);
            OffsetDateTime bindingExpires = actor == null ? null : r.getOffsetDateTime(10);
            Instant validUntil = Authenticated.earliest(r.getOffsetDateTime(4).toInstant(),
                    bindingExpires == null ? null : bindingExpires.toInstant());
            return grantsOf(userId).map(grants -> new Authenticated(
                    new Caller(r.getString(0), null, userId, r.getString(2), actor, grants), validUntil));
        });
    }

    public Uni<List<AdminGrant>> grantsOf(String userId) {
        return pool.preparedQuery(GRANTS_SQL).execute(Tuple.of(userId)).map(rows -> {
            List<AdminGrant> grants = new ArrayList<>();
            for (Row g : rows) {
                grants.add(new AdminGrant(g.getString(0), g.getString(1), g.getString(2), g.getString(3), g.getString(4),
                        g.getString(5), g.getString(6), idSet(g, 7), idSet(g, 8)));
            }
            return List.copyOf(grants);
        });
    }

    private static java.util.Set<String> idSet(Row row, int column) {
        String[] ids = row.getArrayOfStrings(column);
        return ids == null ? java.util.Set.of() : java.util.Set.copyOf(java.util.Arrays.asList(ids));
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
                .execute(Tuple.of(sessionId, reason)).invoke(() -> forget(sessionId)).replaceWithVoid();
    }

    /**
     * Exchanges a refresh token for new tokens. Unknown, expired or revoked: 401 {@code SESSION_EXPIRED};
     * a token that was already exchanged revokes its session first (it has been stolen or replayed).
     */
    public Uni<Rotation> rotate(String refreshHash, String accessHash, String newRefreshHash, Instant accessExpires,
                                Instant now) {
        Tuple args = Tuple.tuple().addString(refreshHash).addString(accessHash).addString(newRefreshHash)
                .addOffsetDateTime(accessExpires.atOffset(ZoneOffset.UTC)).addOffsetDateTime(now.atOffset(ZoneOffset.UTC));
        return pool.preparedQuery(ROTATE_SQL).execute(args).flatMap(rows -> {
            if (rows.size() == 1) {
                Row r = rows.iterator().next();
                forget(r.getString(0));
                return Uni.createFrom().item(new Rotation(r.getString(0), r.getOffsetDateTime(1).toInstant(),
                        r.getOffsetDateTime(2).toInstant()));
            }
            return pool.preparedQuery(REUSED_SQL).execute(Tuple.of(refreshHash))
                    .flatMap(revoked -> Uni.createFrom().failure(sessionExpired()));
        });
    }

    /** Makes {@code userMemberId} the session's actor; 403 {@code ACTIVE_MEMBER_REQUIRED} unless it is a usable binding of the session's user. */
    public Uni<Caller.Actor> switchMember(String sessionId, String userMemberId) {
        return pool.preparedQuery(SWITCH_SQL).execute(Tuple.of(sessionId, userMemberId)).map(rows -> {
            if (rows.size() == 0) {
                throw new ApiException(ErrorCode.ACTIVE_MEMBER_REQUIRED, "user member " + userMemberId + " is not an active binding of this user", Map.of("user_member_id", userMemberId));
            }
            Row r = rows.iterator().next();
            forget(sessionId);
            return new Caller.Actor(r.getString(0), r.getString(1), r.getString(2), r.getString(3));
        });
    }

    public Uni<Instant> accessExpiresAt(String sessionId) {
        return pool.preparedQuery("SELECT access_expires_at FROM sessions WHERE id = $1").execute(Tuple.of(sessionId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getOffsetDateTime(0).toInstant());
    }

    /** The bindings the user may act through, primary first ({@code available_members}). */
    public Uni<List<Map<String, Object>>> availableMembers(String userId) {
        return pool.preparedQuery(MEMBERS_SQL).execute(Tuple.of(userId)).map(rows -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Row r : rows) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("user_member_id", r.getString(0));
                m.put("member_id", r.getString(1));
                m.put("space_id", r.getString(2));
                m.put("relation_type", r.getString(3));
                m.put("is_primary", r.getBoolean(4));
                m.put("expires_at", r.getOffsetDateTime(5) == null ? null : r.getOffsetDateTime(5).toInstant());
                m.put("display_name", r.getString(6));
                out.add(m);
            }
            return out;
        });
    }

    static ApiException sessionExpired() {
        return new ApiException(ErrorCode.SESSION_EXPIRED, "the session has expired or was revoked; log in again", null);
    }

    /** The outcome of a refresh: the session and its new expiries. */
    public record Rotation(String sessionId, Instant accessExpiresAt, Instant refreshExpiresAt) {
    }

    /** The active actor of a session: only a binding that is active and unexpired right now. */
    private static Caller.Actor activeActor(Row r, Instant now) {
        if (r.getString(6) == null || !"active".equals(r.getString(9))) {
            return null;
        }
        OffsetDateTime expires = r.getOffsetDateTime(10);
        if (expires != null && !expires.toInstant().isAfter(now)) {
            return null;
        }
        return new Caller.Actor(r.getString(1), r.getString(7), r.getString(6), r.getString(8));
    }
}
