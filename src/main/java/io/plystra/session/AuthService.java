package io.plystra.session;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.plystra.kernel.ApiException;
import io.plystra.kernel.EmailAddress;
import io.plystra.kernel.ErrorCode;
import io.plystra.kernel.PlystraConfig;
import io.plystra.kernel.RequestContext;
import io.plystra.kernel.RequestInfo;
import io.plystra.session.CredentialRepository.Credentials;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Login, refresh and logout. Every login attempt is counted before its password is checked
 * ({@link LoginThrottle}): a locked account-and-address pair or address gets 429 without a check, and
 * an account failing from many addresses waits longer each time. Password checks run on a worker
 * thread, at most one per core ({@link PasswordChecks}). Token expiries are whole seconds; token
 * answers are not to be cached ({@code Cache-Control: no-store}, set by {@link AuthResource}).
 */
@ApplicationScoped
public class AuthService {

    /** The one answer to an unknown email and to a wrong password. */
    static final String WRONG_CREDENTIALS = "email or password is incorrect";

    @Inject
    CredentialRepository credentials;
    @Inject
    SessionRepository sessions;
    @Inject
    TokenHasher tokens;
    @Inject
    PlystraConfig config;
    @Inject
    LoginThrottle throttle;
    @Inject
    PasswordChecks passwords;
    @Inject
    RequestContext request;

    /** A new session for an email and password: its tokens, the user, its actor and the bindings it may act through. */
    public Uni<Map<String, Object>> login(LoginRequest body) {
        if (body == null) {
            throw ApiException.validation("body", "must be a JSON object with email and password");
        }
        Map<String, String> problems = new LinkedHashMap<>();
        if (body.email() == null || body.email().isBlank() || body.email().length() > EmailAddress.MAX_LENGTH) {
            problems.put("email", EmailAddress.INVALID);
        }
        if (body.password() == null || body.password().isEmpty()) {
            problems.put("password", "is required");
        } else if (body.password().length() > 1024) {
            problems.put("password", "must be at most 1024 characters");
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        RequestInfo info = request.info();
        String email = EmailAddress.normalize(body.email());
        Duration wait = throttle.attempt(email, info.ip(), Instant.now());
        Uni<Void> turn = wait.isZero() ? Uni.createFrom().voidItem()
                : Uni.createFrom().voidItem().onItem().delayIt().by(wait);
        return turn.flatMap(v -> credentials.byEmail(email))
                .flatMap(user -> verifyOffLoop(user == null ? null : user.passwordHash(), body.password())
                        .map(ok -> {
                            if (!ok || user == null) {
                                throw new ApiException(ErrorCode.AUTHENTICATION_REQUIRED, WRONG_CREDENTIALS);
                            }
                            if (!"active".equals(user.status())) {
                                throw new ApiException(ErrorCode.ACTOR_USER_INACTIVE, "this user is disabled");
                            }
                            throttle.succeeded(email, info.ip());
                            return user;
                        }))
                .flatMap(user -> startSession(user, info));
    }

    /** New access and refresh tokens for a refresh token, which stops working (rotation). */
    public Uni<Map<String, Object>> refresh(RefreshRequest body) {
        if (body == null || body.refreshToken() == null || body.refreshToken().isBlank()) {
            throw ApiException.validation("refresh_token", "is required");
        }
        String refreshToken = body.refreshToken().trim();
        if (!refreshToken.startsWith("ply_rt_") || refreshToken.length() > 200) {
            throw SessionRepository.sessionExpired();
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Tokens next = Tokens.issue();
        return sessions.rotate(tokens.hash(refreshToken), tokens.hash(next.access()), tokens.hash(next.refresh()),
                        now.plus(config.accessTokenTtl()), now)
                .map(rotation -> next.answer(rotation.accessExpiresAt(), rotation.refreshExpiresAt()));
    }

    /** Revokes the caller's session. */
    public Uni<Map<String, Object>> logout() {
        return sessions.revoke(request.caller().sessionId(), "logout").map(v -> Map.of("logged_out", true));
    }

    private Uni<Map<String, Object>> startSession(Credentials user, RequestInfo info) {
        String userId = user.userId();
        return sessions.availableMembers(userId).flatMap(members -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Instant accessExpires = now.plus(config.accessTokenTtl());
            Instant refreshExpires = now.plus(config.refreshTokenTtl());
            Tokens issued = Tokens.issue();
            String sessionId = TokenHasher.newToken("ses_").substring(0, 28);
            Map<String, Object> active = members.isEmpty() ? null : members.get(0);
            return sessions.create(sessionId, userId, active == null ? null : (String) active.get("user_member_id"),
                            tokens.hash(issued.access()), tokens.hash(issued.refresh()), accessExpires, refreshExpires,
                            info.ip(), info.userAgent())
                    .map(v -> {
                        Map<String, Object> data = issued.answer(accessExpires, refreshExpires);
                        data.put("user", Map.of("id", userId, "email", user.email(), "status", user.status()));
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

    private Uni<Boolean> verifyOffLoop(String storedHash, String password) {
        return Uni.createFrom().item(() -> passwords.verify(storedHash, password.toCharArray()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** The body of {@code /auth/refresh}. */
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
