package io.plystra.audit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.plystra.kernel.ApiException;
import io.plystra.kernel.ChangeListener;
import io.plystra.kernel.RequestContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The change feed ({@code GET /changes}, gRPC {@code WatchChanges}): every committed admin change, in commit
 * order, as the rows of the mutation chain ({@link AuditChain#MUTATIONS}). Each mutation locks the chain's head
 * until it commits, so chain order is commit order and a committed row never appears behind one already read:
 * a consumer resuming after the last {@code seq} it saw misses nothing and sees nothing twice. The feed reads
 * on the reactive pool and waits for the next revision through {@link ChangeListener} (polling while it is not
 * listening); a caller without {@code audit:read} instance-wide sees only the rows of its spaces.
 */
@ApplicationScoped
public class ChangeFeed {

    /** Rows read at a time. */
    static final int BATCH = 500;
    /** How long the feed stays silent before it sends an empty batch (a heartbeat that keeps proxies from closing it). */
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** How often the feed looks for changes while the change listener is not listening. */
    static final Duration POLL = Duration.ofMillis(200);
    private static final Pattern SEQ = Pattern.compile("[0-9]{1,18}");

    @Inject
    AuditLogRepository logs;
    @Inject
    ChangeListener listener;
    @Inject
    RequestContext request;

    /** Where to start ({@code after} null: after the head when the feed opens) and which space (null: every readable one). */
    public record Query(Long after, String spaceId) {
    }

    /** Rows of the chain after a position, and how far the chain has been read ({@code readTo}, whatever the filter kept). */
    public record Batch(List<Change> changes, long readTo) {
    }

    /**
     * The REST parameters {@code after} and {@code space_id}, and the {@code Last-Event-ID} header an
     * EventSource sends when it reconnects (it wins over {@code after}, which the URL keeps). 400 naming each bad,
     * unknown or repeated parameter.
     */
    public static Query parse(Map<String, List<String>> query, String lastEventId) {
        Map<String, String> problems = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            if (!Set.of("after", "space_id").contains(e.getKey())) {
                problems.put(e.getKey(), "unknown parameter");
            } else if (e.getValue().size() != 1) {
                problems.put(e.getKey(), "must be given once");
            }
        }
        Long after = seq(first(query, "after"), "after", problems);
        Long resumed = seq(lastEventId, "Last-Event-ID", problems);
        return query(resumed != null ? resumed : after, first(query, "space_id"), problems);
    }

    /** The query of {@code after} (null: from now on) and {@code spaceId} (null: every space); 400 naming {@code problems} and its own. */
    public static Query query(Long after, String spaceId, Map<String, String> problems) {
        if (after != null && after < 0) {
            problems.putIfAbsent("after", "must not be negative");
        }
        if (spaceId != null && !AuditFilter.acceptable(spaceId)) {
            problems.putIfAbsent("space_id", AuditFilter.VALUE_PROBLEM);
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        return new Query(after, spaceId);
    }

    /** The decimal {@code seq} of a change, or null when absent; a problem for {@code field} when malformed. */
    private static Long seq(String text, String field, Map<String, String> problems) {
        if (text == null) {
            return null;
        }
        if (!SEQ.matcher(text).matches()) {
            problems.putIfAbsent(field, "must be the seq of a change (a decimal number)");
            return null;
        }
        return Long.parseLong(text);
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * The changes after {@code query.after()}, batch by batch, without end; an empty batch after {@link #HEARTBEAT}
     * of silence. The scope is settled before the feed starts: 403 for a {@code space_id} the caller may not read.
     * A {@code space_id} no space has yet is no error: its feed waits like any other.
     */
    public Multi<List<Change>> watch(Query query) {
        Set<String> onlySpaces = request.onlySpaces();
        if (onlySpaces != null && query.spaceId() != null) {
            request.requireIn(query.spaceId());
            onlySpaces = null;
        }
        Set<String> narrowed = onlySpaces;
        Uni<Long> start = query.after() != null ? Uni.createFrom().item(query.after()) : logs.mutationHead();
        return start.onItem().transformToMulti(after -> {
            Position at = new Position(after);
            return Uni.createFrom().deferred(() -> next(at, query.spaceId(), narrowed)).repeat().indefinitely()
                    .filter(Optional::isPresent).map(Optional::get);
        });
    }

    /** The next batch to send from {@code at} once there may be one, or nothing when there is nothing to send yet. */
    private Uni<Optional<List<Change>>> next(Position at, String spaceId, Set<String> onlySpaces) {
        Uni<Boolean> ready = at.more ? Uni.createFrom().item(true)
                : listener.listening() ? listener.awaitApplied(at.readTo + 1, HEARTBEAT)
                : Uni.createFrom().item(false).onItem().delayIt().by(POLL);
        return ready.flatMap(ignored -> logs.changesAfter(at.readTo, spaceId, onlySpaces, BATCH)).map(batch -> {
            at.readTo = batch.readTo();
            at.more = batch.changes().size() == BATCH;
            long now = System.nanoTime();
            if (batch.changes().isEmpty() && now - at.sentAt < HEARTBEAT.toNanos()) {
                return Optional.empty();
            }
            at.sentAt = now;
            return Optional.of(batch.changes());
        });
    }

    /** How far one feed has read, whether more rows are waiting, and when it last sent something. */
    private static final class Position {
        volatile long readTo;
        volatile boolean more = true;
        volatile long sentAt = System.nanoTime();

        Position(long readTo) {
            this.readTo = readTo;
        }
    }
}
