package io.plystra.audit;

import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.smallrye.common.vertx.ContextLocals;

/**
 * {@code X-Plystra-Revision} on every accepted admin mutation: the id of the mutation's audit row
 * (time-ordered, unique, committed with the change). A check or explain that passes it as
 * {@code consistency.at_least_as_fresh} is answered from the database, never from a cache.
 */
public class Revisions {

    public static final String HEADER = "X-Plystra-Revision";
    private static final String KEY = "plystra.revision";

    /** Remembers the revision for this request's response (no-op outside a request). */
    static void remember(String revision) {
        try {
            ContextLocals.put(KEY, revision);
        } catch (IllegalStateException | UnsupportedOperationException notInARequest) {
            // Called outside an HTTP request (no duplicated context): there is no response to mark.
        }
    }

    @ServerResponseFilter
    public void addHeader(ContainerResponseContext response) {
        if (response.getStatus() < 300) {
            try {
                ContextLocals.<String>get(KEY).ifPresent(revision -> response.getHeaders().putSingle(HEADER, revision));
            } catch (IllegalStateException | UnsupportedOperationException notInARequest) {
                // No request context: nothing to add.
            }
        }
    }
}
