package io.plystra.session;

import java.time.Instant;

import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.plystra.platform.ApiException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Authenticates every REST route that is not public and applies the route's admin permission
 * (route gate: the caller holds the key at some level; resources narrow it to a space where the
 * route names one). The caller is left on the routing context under {@link Caller#CONTEXT_KEY}.
 */
public class BearerAuthFilter {

    private final SessionStore sessions;
    private final TokenHasher tokens;

    public BearerAuthFilter(SessionStore sessions, TokenHasher tokens) {
        this.sessions = sessions;
        this.tokens = tokens;
    }

    @ServerRequestFilter
    public Uni<Void> authenticate(RoutingContext ctx, HttpHeaders headers) {
        String required = RoutePermissions.required(ctx.request().method().name(), ctx.request().path());
        if (RoutePermissions.PUBLIC.equals(required)) {
            return Uni.createFrom().voidItem();
        }
        String token = bearerToken(headers.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (token == null || !token.startsWith("ply_at_") || token.length() > 200) {
            return Uni.createFrom().failure(ApiException.authenticationRequired());
        }
        return sessions.callerFor(tokens.hash(token), Instant.now()).map(caller -> {
            if (!RoutePermissions.SESSION.equals(required) && !caller.holdsAnywhere(required)) {
                throw ApiException.adminPermissionRequired(required);
            }
            ctx.put(Caller.CONTEXT_KEY, caller);
            return null;
        });
    }

    static String bearerToken(String authorization) {
        if (authorization == null || authorization.length() < 8 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }
}
