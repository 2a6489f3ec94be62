package io.plystra.session;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import io.plystra.platform.ApiException;
import io.plystra.platform.ApiResponse;
import io.plystra.platform.ClientAddress;
import io.plystra.platform.PlystraConfig;
import io.plystra.platform.RequestIds;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.ext.web.RoutingContext;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Login, logout and the caller's own context. Password hashing runs on a worker thread, never the event loop. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    static final String USER_SQL = "SELECT id, email, status, password_hash FROM users WHERE lower(email) = lower($1)";

    static final String MEMBERS_SQL = """
            SELECT um.id, um.member_id, um.space_id, um.relation_type, um.is_primary, um.expires_at, m.display_name
            FROM user_members um JOIN members m ON m.id = um.member_id JOIN spaces s ON s.id = um.space_id
            WHERE um.user_id = $1 AND um.status = 'active' AND (um.expires_at IS NULL OR um.expires_at > now())
              AND m.status = 'active' AND s.status = 'active'
            ORDER BY um.is_primary DESC, um.created_at, um.id""";

    private final Pool pool;
    private final SessionStore sessions;
    private final TokenHasher tokens;
    private final PlystraConfig config;
    private final ClientAddress clientAddress;

    public AuthResource(Pool pool, SessionStore sessions, TokenHasher tokens, PlystraConfig config, ClientAddress clientAddress) {
        this.pool = pool;
        this.sessions = sessions;
        this.tokens = tokens;
        this.config = config;
        this.clientAddress = clientAddress;
    }

    @POST
    @Path("/auth/login")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ApiResponse<Map<String, Object>>> login(LoginRequest body, RoutingContext ctx, HttpHeaders headers) {
        if (body == null) {
            throw ApiException.validation("body", "must be a JSON object with email and password");
        }
        Map<String, String> problems = new LinkedHashMap<>();
        if (body.email() == null || body.email().isBlank() || body.email().length() > 320) {
            problems.put("email", "must be a valid email");
        }
        if (body.password() == null || body.password().isEmpty() || body.password().length() > 1024) {
            problems.put("password", "is required");
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        String requestId = RequestIds.of(headers);
        String ip = clientAddress.of(ctx.request());
        String userAgent = ctx.request().getHeader("User-Agent");
        return pool.preparedQuery(USER_SQL).execute(Tuple.of(body.email().trim()))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next())
                .flatMap(user -> verifyOffLoop(user == null ? null : user.getString(3), body.password())
                        .map(ok -> {
                            if (!ok || user == null) {
                                throw ApiException.authenticationRequired();
                            }
                            if (!"active".equals(user.getString(2))) {
                                throw new ApiException(403, "ACTOR_USER_INACTIVE", "this user is disabled", null);
                            }
                            return user;
                        }))
                .flatMap(user -> startSession(user, ip, userAgent))
                .map(data -> ApiResponse.of(data, requestId));
    }

    @POST
    @Path("/auth/logout")
    public Uni<ApiResponse<Map<String, Object>>> logout(RoutingContext ctx, HttpHeaders headers) {
        Caller caller = ctx.get(Caller.CONTEXT_KEY);
        return sessions.revoke(caller.sessionId(), "logout")
                .map(v -> ApiResponse.of(Map.<String, Object>of("logged_out", true), RequestIds.of(headers)));
    }

    @GET
    @Path("/actor/context")
    public Uni<ApiResponse<Map<String, Object>>> context(RoutingContext ctx, HttpHeaders headers) {
        Caller caller = ctx.get(Caller.CONTEXT_KEY);
        return availableMembers(caller.userId()).map(members -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("session_id", caller.sessionId());
            data.put("actor", caller.actor());
            data.put("available_members", members);
            return ApiResponse.of(data, RequestIds.of(headers));
        });
    }

    private Uni<Map<String, Object>> startSession(Row user, String ip, String userAgent) {
        String userId = user.getString(0);
        return availableMembers(userId).flatMap(members -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Instant accessExpires = now.plus(config.accessTokenTtl());
            Instant refreshExpires = now.plus(config.refreshTokenTtl());
            String accessToken = TokenHasher.newToken("ply_at_");
            String refreshToken = TokenHasher.newToken("ply_rt_");
            String sessionId = TokenHasher.newToken("ses_").substring(0, 28);
            @SuppressWarnings("unchecked")
            Map<String, Object> active = members.isEmpty() ? null : (Map<String, Object>) members.get(0);
            Map<String, Object> actor = active == null ? null : actorOf(userId, active);
            return sessions.create(sessionId, userId, active == null ? null : (String) active.get("user_member_id"),
                            tokens.hash(accessToken), tokens.hash(refreshToken), accessExpires, refreshExpires, ip, userAgent)
                    .map(v -> {
                        Map<String, Object> data = new LinkedHashMap<>();
                        data.put("access_token", accessToken);
                        data.put("refresh_token", refreshToken);
                        data.put("token_type", "Bearer");
                        data.put("expires_at", accessExpires);
                        data.put("refresh_expires_at", refreshExpires);
                        data.put("user", Map.of("id", userId, "email", user.getString(1), "status", user.getString(2)));
                        data.put("actor", actor);
                        data.put("available_members", members);
                        return data;
                    });
        });
    }

    private Uni<List<Object>> availableMembers(String userId) {
        return pool.preparedQuery(MEMBERS_SQL).execute(Tuple.of(userId)).map(rows -> {
            List<Object> out = new ArrayList<>();
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

    private static Map<String, Object> actorOf(String userId, Map<String, Object> member) {
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("user_id", userId);
        actor.put("member_id", member.get("member_id"));
        actor.put("user_member_id", member.get("user_member_id"));
        actor.put("space_id", member.get("space_id"));
        return actor;
    }

    private static Uni<Boolean> verifyOffLoop(String storedHash, String password) {
        return Uni.createFrom().item(() -> PasswordHasher.verify(storedHash, password.toCharArray()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
