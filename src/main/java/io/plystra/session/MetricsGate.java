package io.plystra.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.plystra.kernel.ApiException;
import io.plystra.kernel.ErrorCode;
import io.plystra.kernel.PlystraConfig;
import io.plystra.kernel.RequestLog;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Guards the Prometheus endpoint: 404 {@code FEATURE_DISABLED} unless {@code METRICS_ENABLED=true};
 * then {@code Authorization: Bearer <METRICS_TOKEN>} (compared in constant time) or the access
 * token of an admin session holding {@code metrics:read}.
 */
@ApplicationScoped
public class MetricsGate {

    static final String PERMISSION = "metrics:read";

    private final ObjectMapper json;
    private final boolean enabled;
    private final byte[] token;
    private final SessionRepository sessions;
    private final TokenHasher tokens;

    public MetricsGate(ObjectMapper json, PlystraConfig config, SessionRepository sessions, TokenHasher tokens) {
        this.json = json;
        this.enabled = config.metrics().enabled();
        this.token = config.metrics().token().filter(t -> !t.isBlank())
                .map(t -> ("Bearer " + t).getBytes(StandardCharsets.UTF_8)).orElse(null);
        this.sessions = sessions;
        this.tokens = tokens;
    }

    void install(@Observes Router router) {
        router.route("/metrics").order(-999_999).handler(this::guard);
        router.route("/metrics/*").order(-999_999).handler(this::guard);
    }

    private void guard(RoutingContext ctx) {
        if (!enabled) {
            RequestLog.writeError(ctx, json, ErrorCode.FEATURE_DISABLED, "metrics are disabled (METRICS_ENABLED=false)");
            return;
        }
        String authorization = ctx.request().getHeader("Authorization");
        if (token != null && authorization != null
                && MessageDigest.isEqual(token, authorization.getBytes(StandardCharsets.UTF_8))) {
            ctx.next();
            return;
        }
        String bearer = TokenAuthenticator.bearerToken(authorization);
        if (bearer == null || !bearer.startsWith("ply_at_") || bearer.length() > TokenAuthenticator.MAX_TOKEN_LENGTH) {
            RequestLog.writeError(ctx, json, ErrorCode.AUTHENTICATION_REQUIRED,
                    "metrics need Authorization: Bearer <METRICS_TOKEN> or an admin session with " + PERMISSION);
            return;
        }
        sessions.callerFor(tokens.hash(bearer), Instant.now()).subscribe().with(resolved -> {
            if (resolved.caller().holdsAnywhere(PERMISSION)) {
                ctx.next();
            } else {
                RequestLog.writeError(ctx, json, ApiException.adminPermissionRequired(PERMISSION));
            }
        }, failure -> {
            RequestLog.writeError(ctx, json, failure instanceof ApiException api ? api
                    : new ApiException(ErrorCode.NOT_READY, "sessions cannot be checked right now"));
        });
    }
}
