package io.plystra.session;

import io.plystra.kernel.PasswordHasher;

import io.plystra.kernel.SessionOnly;
import io.plystra.kernel.Public;
import io.plystra.kernel.Caller;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.plystra.kernel.ApiException;
import io.plystra.kernel.ErrorCode;
import io.plystra.kernel.ApiResponse;
import io.plystra.kernel.PlystraConfig;
import io.plystra.kernel.RequestInfo;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.ext.web.RoutingContext;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Login, refresh and logout. Password hashing runs on a worker thread, never the event loop. Failed
 * logins are counted per email and client IP ({@link LoginThrottle}); a locked email or IP gets 429
 * before any password is checked.
 */
@Path("/api/v1/auth")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    static final String USER_SQL = "SELECT id, email, status, password_hash FROM users WHERE lower(email) = lower($1)";

    private final Pool pool;
    private final SessionStore sessions;
    private final TokenHasher tokens;
    private final PlystraConfig config;
    private final LoginThrottle throttle;

    public AuthResource(Pool pool, SessionStore sessions, TokenHasher tokens, PlystraConfig config, LoginThrottle throttle) {
        this.pool = pool;
        this.sessions = sessions;
        this.tokens = tokens;
        this.config = config;
        this.throttle = throttle;
    }

    @POST
    @Path("/login")
    @Public
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ApiResponse<Map<String, Object>>> login(LoginRequest body, RoutingContext ctx) {
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
        RequestInfo request = RequestInfo.of(ctx);
        String email = body.email().trim();
        throttle.check(email, request.ip(), Instant.now());
        return pool.preparedQuery(USER_SQL).execute(Tuple.of(email))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next())
                .flatMap(user -> verifyOffLoop(user == null ? null : user.getString(3), body.password())
                        .map(ok -> {
                            if (!ok || user == null) {
                                throttle.failed(email, request.ip(), Instant.now());
                                throw ApiException.authenticationRequired();
                            }
                            if (!"active".equals(user.getString(2))) {
                                throw new ApiException(ErrorCode.ACTOR_USER_INACTIVE, "this user is disabled");
                            }
                            throttle.succeeded(email);
                            return user;
                        }))
                .flatMap(user -> startSession(user, request))
                .map(data -> ApiResponse.of(data, request.requestId()));
    }

    /** New access and refresh tokens for a refresh token, which stops working (rotation). */
    @POST
    @Path("/refresh")
    @Public
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ApiResponse<Map<String, Object>>> refresh(RefreshRequest body, RoutingContext ctx) {
        if (body == null || body.refreshToken() == null || body.refreshToken().isBlank()) {
            throw ApiException.validation("refresh_token", "is required");
        }
        String refreshToken = body.refreshToken().trim();
        if (!refreshToken.startsWith("ply_rt_") || refreshToken.length() > 200) {
            throw SessionStore.sessionExpired();
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Tokens next = Tokens.issue();
        return sessions.rotate(tokens.hash(refreshToken), tokens.hash(next.access()), tokens.hash(next.refresh()),
                        now.plus(config.accessTokenTtl()), now)
                .map(rotation -> ApiResponse.of(next.answer(rotation.accessExpiresAt(), rotation.refreshExpiresAt()),
                        RequestInfo.of(ctx).requestId()));
    }

    @POST
    @Path("/logout")
    @SessionOnly
    public Uni<ApiResponse<Map<String, Object>>> logout(RoutingContext ctx) {
        Caller caller = Caller.of(ctx);
        return sessions.revoke(caller.sessionId(), "logout")
                .map(v -> ApiResponse.of(Map.<String, Object>of("logged_out", true), RequestInfo.of(ctx).requestId()));
    }

    private Uni<Map<String, Object>> startSession(Row user, RequestInfo request) {
        String userId = user.getString(0);
        return sessions.availableMembers(userId).flatMap(members -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Instant accessExpires = now.plus(config.accessTokenTtl());
            Instant refreshExpires = now.plus(config.refreshTokenTtl());
            Tokens issued = Tokens.issue();
            String sessionId = TokenHasher.newToken("ses_").substring(0, 28);
            Map<String, Object> active = members.isEmpty() ? null : members.get(0);
            return sessions.create(sessionId, userId, active == null ? null : (String) active.get("user_member_id"),
                            tokens.hash(issued.access()), tokens.hash(issued.refresh()), accessExpires, refreshExpires,
                            request.ip(), request.userAgent())
                    .map(v -> {
                        Map<String, Object> data = issued.answer(accessExpires, refreshExpires);
                        data.put("user", Map.of("id", userId, "email", user.getString(1), "status", user.getString(2)));
                        data.put("actor", active == null ? null : actorOf(userId, active));
                        data.put("available_members", members);
                        return data;
                    });
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

    public record RefreshRequest(String refreshToken) {
    }

    /** A fresh pair of opaque tokens; only their hashes are stored. */
    private record Tokens(String access, String refresh) {

        static Tokens issue() {
            return new Tokens(TokenHasher.newToken("ply_at_"), TokenHasher.newToken("ply_rt_"));
        }

        Map<String, Object> answer(Instant accessExpires, Instant refreshExpires) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("access_token", access);
            data.put("refresh_token", refresh);
            data.put("token_type", "Bearer");
            data.put("expires_at", accessExpires);
            data.put("refresh_expires_at", refreshExpires);
            return data;
        }
    }
}
