package io.plystra.session;

import io.plystra.kernel.Caller;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.plystra.kernel.ChangeListener;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.Authenticator;
import io.plystra.kernel.ErrorCode;
import io.smallrye.mutiny.Uni;

/**
 * Resolves the caller from a bearer token: a session access token ({@code ply_at_...}), an API key
 * ({@code ply_key_...}) or a service's own key ({@code ply_svc_...}), through the caller cache while the
 * change listener is up. Where the
 * caller's permission must hold is the route's declaration, checked by {@link io.plystra.kernel.AccessFilter}.
 */
@ApplicationScoped
public class TokenAuthenticator implements Authenticator {

    static final int MAX_TOKEN_LENGTH = 200;

    @Inject
    SessionRepository sessions;
    @Inject
    ApiKeyAuthenticator apiKeys;
    @Inject
    ServiceKeyAuthenticator serviceKeys;
    @Inject
    TokenHasher tokens;
    @Inject
    CallerCache callers;
    @Inject
    ApiKeyUsage usage;
    @Inject
    ChangeListener listener;

    @Override
    public Uni<Caller> authenticate(String authorization, boolean sessionOnly) {
        String token = bearerToken(authorization);
        if (token == null || token.length() > MAX_TOKEN_LENGTH) {
            return Uni.createFrom().failure(ApiException.authenticationRequired());
        }
        boolean apiKey = token.startsWith("ply_key_");
        boolean serviceKey = token.startsWith(Caller.SERVICE_KEY_PREFIX);
        if (!apiKey && !serviceKey && !token.startsWith("ply_at_")) {
            return Uni.createFrom().failure(ApiException.authenticationRequired());
        }
        if (apiKey && sessionOnly) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.AUTHENTICATION_REQUIRED,
                    "this route needs a user session; API keys are not accepted here"));
        }
        if (serviceKey && sessionOnly) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.AUTHENTICATION_REQUIRED,
                    "this route needs a user session; service keys are not accepted here"));
        }
        Instant now = Instant.now();
        String hash = tokens.hash(token);
        Caller cached = listener.listening() ? callers.get(hash, now) : null;
        if (cached != null) {
            if (apiKey) {
                usage.touch(cached.apiKeyId(), now);
            } else if (serviceKey) {
                usage.touchServiceKey(cached.apiKeyId(), now);
            }
            return Uni.createFrom().item(cached);
        }
        long generation = callers.generation();
        Uni<Authenticated> resolved = apiKey ? apiKeys.callerFor(hash, now)
                : serviceKey ? serviceKeys.callerFor(hash, now) : sessions.callerFor(hash, now);
        return resolved.invoke(r -> callers.put(hash, r, generation)).map(Authenticated::caller);
    }

    static String bearerToken(String authorization) {
        if (authorization == null || authorization.length() < 8 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }
}
