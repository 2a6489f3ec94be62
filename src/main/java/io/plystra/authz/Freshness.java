package io.plystra.authz;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.kernel.ApiException;
import io.plystra.kernel.Caller;
import io.plystra.kernel.ChangeListener;
import io.plystra.kernel.ErrorCode;
import io.plystra.kernel.PlystraConfig;
import io.plystra.kernel.RevisionRepository;
import io.plystra.kernel.RevisionTokens;
import io.smallrye.mutiny.Uni;

/**
 * The consistency modes of a decision request (docs/api.md, Consistency): may its snapshots come from
 * this instance's caches, or must they be read from PostgreSQL?
 * <ul>
 * <li>{@code minimize_latency} (the default): the caches.</li>
 * <li>{@code at_least_as_fresh}: the token must be one this deployment issued ({@link RevisionTokens});
 * the caches once this instance has applied its revision, waited for up to
 * {@code PLYSTRA_CONSISTENCY_WAIT_MS}; then the database if the revision is committed there, else 409
 * {@code CONSISTENCY_NOT_REACHED}.</li>
 * <li>{@code fully_consistent}: the database.</li>
 * <li>{@code bounded_staleness} ({@code max_ms}): the caches if this instance has applied every change
 * committed more than {@code max_ms} ago ({@link ChangeListener#caughtUp}), else the database.</li>
 * </ul>
 * A decision read through because of its mode, while the caches serve, counts against the caller's
 * {@link StrictChecks}.
 */
@ApplicationScoped
public class Freshness {

    public static final String MINIMIZE_LATENCY = "minimize_latency";
    public static final String AT_LEAST_AS_FRESH = "at_least_as_fresh";
    public static final String FULLY_CONSISTENT = "fully_consistent";
    public static final String BOUNDED_STALENESS = "bounded_staleness";
    static final List<String> MODES = List.of(MINIMIZE_LATENCY, AT_LEAST_AS_FRESH, FULLY_CONSISTENT, BOUNDED_STALENESS);
    /** The largest {@code max_ms}: a day. */
    static final long MAX_STALENESS_MS = 86_400_000L;
    private static final Uni<Boolean> CACHES = Uni.createFrom().item(false);

    private final ChangeListener listener;
    private final RevisionTokens tokens;
    private final RevisionRepository revisions;
    private final StrictChecks limits;
    private final Duration wait;

    public Freshness(ChangeListener listener, RevisionTokens tokens, RevisionRepository revisions, StrictChecks limits,
                     PlystraConfig config) {
        this.listener = listener;
        this.tokens = tokens;
        this.revisions = revisions;
        this.limits = limits;
        this.wait = Duration.ofMillis(config.consistency().waitMs());
    }

    /** Adds the problems of {@code c} (null: the default mode) to {@code problems}, under {@code consistency.*}. */
    static void validate(Map<String, String> problems, AuthzRequest.Consistency c) {
        if (c == null) {
            return;
        }
        if (c.atLeastAsFresh() != null) {
            if (c.mode() != null || c.token() != null || c.maxMs() != null) {
                problems.put("consistency.at_least_as_fresh", "is v1.0's form and is sent alone; "
                        + "or send {\"mode\": \"at_least_as_fresh\", \"token\": \"<token>\"}");
            } else if (!RevisionTokens.wellFormed(c.atLeastAsFresh())) {
                problems.put("consistency.at_least_as_fresh", RevisionTokens.MALFORMED);
            }
            return;
        }
        if (c.mode() == null || !MODES.contains(c.mode())) {
            problems.put("consistency.mode", "must be one of " + MODES);
            return;
        }
        if (AT_LEAST_AS_FRESH.equals(c.mode()) && !RevisionTokens.wellFormed(c.token())) {
            problems.put("consistency.token", RevisionTokens.MALFORMED);
        } else if (!AT_LEAST_AS_FRESH.equals(c.mode()) && c.token() != null) {
            problems.put("consistency.token", "is read with mode at_least_as_fresh only");
        }
        if (BOUNDED_STALENESS.equals(c.mode()) && (c.maxMs() == null || c.maxMs() < 0 || c.maxMs() > MAX_STALENESS_MS)) {
            problems.put("consistency.max_ms", "must be a whole number of milliseconds from 0 to " + MAX_STALENESS_MS);
        } else if (!BOUNDED_STALENESS.equals(c.mode()) && c.maxMs() != null) {
            problems.put("consistency.max_ms", "is read with mode bounded_staleness only");
        }
    }

    /**
     * Whether the {@code checks} decisions of a request with {@code c} (validated; null: the default) read
     * through to the database (true) or may use the caches (false). 400 for a token this deployment did
     * not issue, 409 for a revision not committed in time, 429 past the caller's strict checks.
     */
    public Uni<Boolean> readThrough(AuthzRequest.Consistency c, Caller caller, int checks) {
        if (c == null) {
            return CACHES;
        }
        if (c.atLeastAsFresh() != null) {
            return atLeastAsFresh(c.atLeastAsFresh(), "consistency.at_least_as_fresh", caller, checks);
        }
        return switch (c.mode()) {
            case AT_LEAST_AS_FRESH -> atLeastAsFresh(c.token(), "consistency.token", caller, checks);
            case FULLY_CONSISTENT -> strict(caller, checks);
            case BOUNDED_STALENESS -> listener.caughtUp(System.nanoTime() - c.maxMs() * 1_000_000L, wait)
                    .flatMap(caughtUp -> caughtUp ? CACHES : strict(caller, checks));
            default -> CACHES;
        };
    }

    private Uni<Boolean> atLeastAsFresh(String token, String field, Caller caller, int checks) {
        return tokens.revision(token, field).flatMap(revision -> listener.awaitApplied(revision, wait)
                .flatMap(applied -> applied ? CACHES : revisions.committed().flatMap(committed -> {
                    if (committed < revision) {
                        throw new ApiException(ErrorCode.CONSISTENCY_NOT_REACHED, "revision " + revision
                                + " is not committed after " + wait.toMillis() + " ms (PLYSTRA_CONSISTENCY_WAIT_MS); retry",
                                Map.of("revision", revision));
                    }
                    return strict(caller, checks);
                })));
    }

    /** Reads through; counted against the caller while the caches serve (when they do not, every read goes through anyway). */
    private Uni<Boolean> strict(Caller caller, int checks) {
        return Uni.createFrom().item(() -> {
            if (listener.listening()) {
                limits.take(caller, checks);
            }
            return true;
        });
    }
}
