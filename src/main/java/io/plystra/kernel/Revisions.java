package io.plystra.kernel;

import java.time.Duration;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.mutiny.Uni;

/**
 * {@code X-Plystra-Revision} on every accepted admin mutation: the token ({@link RevisionTokens}) of
 * the revision the mutation committed. Before answering, the response waits (at most
 * {@link #PATIENCE}) until this instance's caches have applied the change, so the client's next
 * request here sees its own write. Other instances apply it within milliseconds; a decision that
 * passes the token as {@code consistency} ({@code at_least_as_fresh}) is never answered from data
 * older than the write, on any instance.
 */
public class Revisions {

    public static final String HEADER = "X-Plystra-Revision";
    static final Duration PATIENCE = Duration.ofMillis(500);
    private static final String KEY = "plystra.revision";

    @Inject
    ChangeListener changes;
    @Inject
    RevisionTokens tokens;

    /** Remembers the revision for this request's response (no-op outside a request). */
    public static void remember(long revision) {
        try {
            ContextLocals.put(KEY, revision);
        } catch (IllegalStateException | UnsupportedOperationException notInARequest) {
            // Called outside an HTTP request (no duplicated context): there is no response to mark.
        }
    }

    @ServerResponseFilter
    public Uni<Void> addHeader(ContainerResponseContext response) {
        Long revision;
        try {
            revision = response.getStatus() < 300 ? ContextLocals.<Long>get(KEY).orElse(null) : null;
        } catch (IllegalStateException | UnsupportedOperationException notInARequest) {
            revision = null;
        }
        if (revision == null) {
            return Uni.createFrom().voidItem();
        }
        long committed = revision;
        return tokens.issue(committed).invoke(token -> response.getHeaders().putSingle(HEADER, token))
                .call(() -> changes.awaitApplied(committed, PATIENCE))
                .replaceWithVoid();
    }
}
