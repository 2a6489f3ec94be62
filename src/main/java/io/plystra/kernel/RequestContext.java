package io.plystra.kernel;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.smallrye.common.vertx.ContextLocals;

/**
 * What a request carries into the services: its id, client address and user agent, the caller, the
 * admin permission its route declares ({@link Requires}), and the clock. Filled once by
 * {@link AccessFilter} before the resource method runs; injected where it is needed.
 * <p>
 * The values live in the request's Vert.x context (which its database continuations share), not
 * in a CDI request scope, which would be activated for every decision (see docs/benchmarks.md).
 */
@Singleton
public class RequestContext {

    private static final String KEY = "plystra.request-context";

    @Inject
    Clock clock;

    private record State(RequestInfo info, Caller caller, String permission) {
    }

    void begin(RequestInfo info, Caller caller, String permission) {
        ContextLocals.put(KEY, new State(info, caller, permission));
    }

    private State state() {
        return ContextLocals.<State>get(KEY).orElseThrow(() -> new IllegalStateException("no request is being served here"));
    }

    /** The request id, client address and user agent, as the audit log stores them. */
    public RequestInfo info() {
        return state().info();
    }

    public String requestId() {
        return info().requestId();
    }

    /** The authenticated caller; 401 on a public route. */
    public Caller caller() {
        Caller caller = state().caller();
        if (caller == null) {
            throw ApiException.authenticationRequired();
        }
        return caller;
    }

    /** The admin permission the route declares, null on public and session-only routes. */
    public String permission() {
        return state().permission();
    }

    /** Now, in microseconds like PostgreSQL and the page cursors. */
    public Instant now() {
        return DbTime.now(clock);
    }

    /** 403 unless the caller holds the route's permission in the whole of {@code spaceId} (null: instance-wide). */
    public void requireIn(String spaceId) {
        caller().require(permission(), spaceId);
    }

    /** 403 unless the caller holds the route's permission for the group at {@code groupPath} of {@code spaceId}. */
    public void requireForGroup(String spaceId, String groupPath) {
        caller().requireForGroup(permission(), spaceId, groupPath);
    }

    /**
     * 403 when the caller is an API key, whatever its permission keys: for writes that mint or take
     * away credentials ({@code what}: "create API keys"), which only people make.
     */
    public void requireUserSession(String what) {
        if (caller().apiKeyId() != null) {
            throw new ApiException(ErrorCode.ADMIN_PERMISSION_REQUIRED, "API keys cannot " + what + "; use a user session",
                    Map.of("permission", permission()));
        }
    }

    /** 404 {@code <ENTITY>_NOT_FOUND}, as for an unknown id, unless the route's permission holds in {@code spaceId}. */
    public void requireVisibleIn(String spaceId, String entity, String id) {
        if (!holdsIn(spaceId)) {
            throw ApiException.notFound(entity, id);
        }
    }

    /** Whether the caller holds the route's permission in the whole of {@code spaceId} (null: instance-wide). */
    public boolean holdsIn(String spaceId) {
        return caller().holdsIn(permission(), spaceId);
    }

    /** 403 unless the caller holds the route's permission for {@code organizationId} (instance-wide, or over it or an ancestor). */
    public void requireForOrganization(String organizationId) {
        caller().requireForOrganization(permission(), organizationId);
    }

    /** 404 {@code <ENTITY>_NOT_FOUND}, as for an unknown id, unless the route's permission holds for {@code organizationId}. */
    public void requireVisibleInOrganization(String organizationId, String entity, String id) {
        if (!caller().holdsForOrganization(permission(), organizationId)) {
            throw ApiException.notFound(entity, id);
        }
    }

    /** The organizations a list may show: null when an instance grant carries the route's permission (every one). */
    public Set<String> onlyOrganizations() {
        Caller c = caller();
        String permission = permission();
        return c.instanceWide(permission) ? null : c.organizationsWith(permission);
    }

    /** The spaces a list may show: null when an instance grant carries the route's permission (every space). */
    public Set<String> onlySpaces() {
        Caller c = caller();
        String permission = permission();
        return c.instanceWide(permission) ? null : c.spacesWith(permission);
    }
}
