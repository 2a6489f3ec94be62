package io.plystra.session;

import io.plystra.kernel.Caller;

import java.time.Instant;

import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.plystra.kernel.ChangeListener;
import io.plystra.kernel.ApiException;
import io.plystra.session.apikey.ApiKeyAuthenticator;
import io.plystra.session.apikey.ApiKeyUsage;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Authenticates every REST route that is not public, by session access token ({@code ply_at_...})
 * or API key ({@code ply_key_...}), and applies the route's admin permission: on a
 * {@code /spaces/{id}...} route the permission must apply in that space, on an instance-only route
 * ({@code /users}) it must be instance-wide, elsewhere the caller must hold it at some level and the
 * service narrows to spaces. A {@code group_admin} grant opens only group routes of its space; the
 * group service narrows it to the grant's subtree. The caller is left on the routing context under
 * {@link Caller#CONTEXT_KEY}.
 */
public class BearerAuthFilter {

    static final int MAX_TOKEN_LENGTH = 200;

    private final SessionStore sessions;
    private final ApiKeyAuthenticator apiKeys;
    private final TokenHasher tokens;
    private final CallerCache callers;
    private final ApiKeyUsage usage;
    private final ChangeListener listener;

    public BearerAuthFilter(SessionStore sessions, ApiKeyAuthenticator apiKeys, TokenHasher tokens, CallerCache callers,
                            ApiKeyUsage usage, ChangeListener listener) {
        this.sessions = sessions;
        this.apiKeys = apiKeys;
        this.tokens = tokens;
        this.callers = callers;
        this.usage = usage;
        this.listener = listener;
    }

    @ServerRequestFilter
    public Uni<Void> authenticate(RoutingContext ctx, HttpHeaders headers) {
        String path = ctx.normalizedPath();
        String required = RoutePermissions.required(ctx.request().method().name(), path);
        if (RoutePermissions.PUBLIC.equals(required)) {
            return Uni.createFrom().voidItem();
        }
        String token = bearerToken(headers.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (token == null || token.length() > MAX_TOKEN_LENGTH) {
            return Uni.createFrom().failure(ApiException.authenticationRequired());
        }
        boolean apiKey = token.startsWith("ply_key_");
        if (!apiKey && !token.startsWith("ply_at_")) {
            return Uni.createFrom().failure(ApiException.authenticationRequired());
        }
        if (apiKey && RoutePermissions.SESSION.equals(required)) {
            return Uni.createFrom().failure(new ApiException(401, "AUTHENTICATION_REQUIRED",
                    "this route needs a user session; API keys are not accepted here", null));
        }
        Instant now = Instant.now();
        String hash = tokens.hash(token);
        Caller cached = listener.listening() ? callers.get(hash, now) : null;
        Uni<Caller> caller;
        if (cached != null) {
            if (apiKey) {
                usage.touch(cached.apiKeyId(), now);
            }
            caller = Uni.createFrom().item(cached);
        } else {
            long generation = callers.generation();
            caller = (apiKey ? apiKeys.callerFor(hash, now) : sessions.callerFor(hash, now))
                    .invoke(resolved -> callers.put(hash, resolved, generation))
                    .map(Authenticated::caller);
        }
        return caller.map(c -> {
            if (!RoutePermissions.SESSION.equals(required) && !permitted(c, required, path)) {
                throw ApiException.adminPermissionRequired(required);
            }
            ctx.put(Caller.CONTEXT_KEY, c);
            return null;
        });
    }

    /** The route gate: where the caller must hold {@code required} for this path. */
    static boolean permitted(Caller caller, String required, String path) {
        if (RoutePermissions.instanceOnly(path)) {
            return caller.instanceWide(required);
        }
        String space = RoutePermissions.spaceOf(path);
        if (space == null) {
            return caller.holdsAnywhere(required);
        }
        return RoutePermissions.groupRoute(path) ? caller.holdsWithin(required, space) : caller.holdsIn(required, space);
    }

    static String bearerToken(String authorization) {
        if (authorization == null || authorization.length() < 8 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }
}
