package io.plystra.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Guards the Prometheus endpoint: 404 {@code FEATURE_DISABLED} unless {@code METRICS_ENABLED=true};
 * then {@code Authorization: Bearer <METRICS_TOKEN>}, compared in constant time.
 */
@ApplicationScoped
public class MetricsGate {

    private final ObjectMapper json;
    private final boolean enabled;
    private final byte[] token;

    public MetricsGate(ObjectMapper json, PlystraConfig config) {
        this.json = json;
        this.enabled = config.metrics().enabled();
        this.token = config.metrics().token().filter(t -> !t.isBlank())
                .map(t -> ("Bearer " + t).getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    void install(@Observes Router router) {
        router.route("/metrics").order(-999_999).handler(this::guard);
        router.route("/metrics/*").order(-999_999).handler(this::guard);
    }

    private void guard(RoutingContext ctx) {
        if (!enabled) {
            RequestLog.writeError(ctx, json, 404, "FEATURE_DISABLED", "metrics are disabled (METRICS_ENABLED=false)");
            return;
        }
        String authorization = ctx.request().getHeader("Authorization");
        if (token == null || authorization == null
                || !MessageDigest.isEqual(token, authorization.getBytes(StandardCharsets.UTF_8))) {
            RequestLog.writeError(ctx, json, 401, "AUTHENTICATION_REQUIRED", "metrics need Authorization: Bearer <METRICS_TOKEN>");
            return;
        }
        ctx.next();
    }
}
