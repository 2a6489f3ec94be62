package io.plystra.kernel;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/**
 * What a request carries into the services: its id, client address and user agent, the caller, the
 * admin permission its route declares ({@link Requires}), and the clock. Filled once by
 * {@link AccessFilter} before the resource method runs; injected where it is needed.
 */
@RequestScoped
public class RequestContext {

    @Inject
    Clock clock;
    private RequestInfo info;
    private Caller caller;
    private String permission;

    void begin(RequestInfo info, Caller caller, String permission) {
        this.info = info;
        this.caller = caller;
        this.permission = permission;
    }

    /** The request id, client address and user agent, as the audit log stores them. */
    public RequestInfo info() {
        return info;
    }

    public String requestId() {
        return info.requestId();
    }

    /** The authenticated caller; 401 on a public route. */
    public Caller caller() {
        if (caller == null) {
            throw ApiException.authenticationRequired();
        }
        return caller;
    }

    /** The admin permission the route declares, null on public and session-only routes. */
    public String permission() {
        return permission;
    }

    /** Now, in microseconds like PostgreSQL and the page cursors. */
    public Instant now() {
        return DbTime.now(clock);
    }

    /** 403 unless the caller holds the route's permission in the whole of {@code spaceId} (null: instance-wide). */
    public void requireIn(String spaceId) {
        caller().require(permission, spaceId);
    }

    /** 403 unless the caller holds the route's permission for the group at {@code groupPath} of {@code spaceId}. */
    public void requireForGroup(String spaceId, String groupPath) {
        caller().requireForGroup(permission, spaceId, groupPath);
    }

    /** Whether the caller holds the route's permission in the whole of {@code spaceId} (null: instance-wide). */
    public boolean holdsIn(String spaceId) {
        return caller().holdsIn(permission, spaceId);
    }

    /** The spaces a list may show: null when an instance grant carries the route's permission (every space). */
    public Set<String> onlySpaces() {
        Caller c = caller();
        return c.instanceWide(permission) ? null : c.spacesWith(permission);
    }
}
