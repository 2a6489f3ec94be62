package io.plystra.kernel;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Tuple;

/**
 * LISTENs on {@code plystra_changes} (announced by database triggers at every commit, see
 * V003__change_notifications.sql) and passes what changed to every {@link ChangeSubscriber}
 * (the snapshot and caller caches). Notifications sent while the connection is down are lost, so from the
 * moment it closes the caches are bypassed ({@link #listening()}), and when LISTEN is established
 * again they are cleared before they serve again; a lost connection is retried every second.
 * <p>
 * It also knows how fresh this instance is, for the consistency modes of decisions: the revision it
 * has applied (each audited write notifies {@code revision:<n>} after its other changes, in commit
 * order; {@link #awaitApplied}), and, through pings it sends itself on a channel of its own, that every
 * change committed before a given instant has been applied ({@link #caughtUp}).
 */
@ApplicationScoped
public class ChangeListener {

    private static final Logger LOG = Logger.getLogger(ChangeListener.class);
    public static final String CHANNEL = "plystra_changes";
    public static final String REVISION_PREFIX = "revision:";
    static final String PING_SQL = "SELECT pg_notify($1, $2)";
    /** How the LISTEN connection shows in {@code pg_stat_activity}. */
    public static final String APPLICATION_NAME = "plystra-change-listener";

    private final List<ChangeSubscriber> subscribers;
    private final Vertx vertx;
    private final Optional<String> url;
    private final Optional<String> user;
    private final Optional<String> password;
    private final Counter received;
    private static final Duration RETRY = Duration.ofSeconds(1);
    private PgConnectOptions options;
    private volatile PgConnection connection;
    private volatile boolean listening;
    private volatile boolean stopped;
    /** The highest revision whose changes this instance has applied. */
    private volatile long applied;
    /** Completed (true) when {@link #applied} moves, false when the connection closes; then replaced. */
    private volatile CompletableFuture<Boolean> progress = new CompletableFuture<>();
    /** This instance's own channel: its pings come back to it alone, behind every commit before them. */
    private final String pingChannel = "plystra_ping_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
    private final AtomicLong pingIds = new AtomicLong();
    private final ConcurrentSkipListMap<Long, Ping> pings = new ConcurrentSkipListMap<>();
    private volatile Ping latestPing;
    /** A {@link System#nanoTime()} instant before which every committed change has been applied here. */
    private volatile long confirmedAt;

    /** A ping sent at {@code sentAt}; {@code back} completes true when it comes back, false when the connection closes. */
    private record Ping(long sentAt, CompletableFuture<Boolean> back) {
    }

    public ChangeListener(Instance<ChangeSubscriber> subscribers, Vertx vertx, MeterRegistry meters,
                          @ConfigProperty(name = "quarkus.datasource.reactive.url") Optional<String> url,
                          @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
                          @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.subscribers = subscribers.stream().toList();
        this.vertx = vertx;
        this.url = url;
        this.user = user;
        this.password = password;
        this.received = Counter.builder("plystra.invalidations.received")
                .description("Change notifications received from the database").register(meters);
    }

    void start(@Observes StartupEvent event) {
        if (url.isEmpty()) {
            return;
        }
        options = PgConnectOptions.fromUri(url.get());
        user.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        // Its client metrics join the pool's as postgresql_*{clientName="change-listener"}.
        options.setMetricsName("postgresql|change-listener");
        options.addProperty("application_name", APPLICATION_NAME);
        connect();
    }

    /**
     * Whether the caches may be used: the LISTEN connection is up and the caches were cleared after
     * it was (re)established. While it is down, notifications are lost, so every read goes to the
     * database (and whatever is cached meanwhile is cleared when LISTEN is back).
     */
    public boolean listening() {
        return listening;
    }

    private void connect() {
        if (stopped) {
            return;
        }
        PgConnection.connect(vertx, options).onSuccess(conn -> {
            conn.notificationHandler(n -> onNotification(n.getChannel(), n.getPayload()));
            conn.closeHandler(v -> {
                listening = false;
                connection = null;
                closed();
                if (!stopped) {
                    LOG.warn("change listener connection lost; caches bypassed until it is back, reconnecting");
                    connect();
                }
            });
            connection = conn;
            conn.query("LISTEN " + CHANNEL + "; LISTEN " + pingChannel).execute()
                    .compose(listened -> conn.query(RevisionRepository.REVISION_SQL).execute())
                    .onSuccess(rows -> {
                        Long committed = rows.iterator().next().getLong(0);
                        // Everything committed before LISTEN is read afresh once the caches are cleared; after it, notified.
                        long clearedAt = System.nanoTime();
                        subscribers.forEach(ChangeSubscriber::clear);
                        confirmedAt = clearedAt;
                        listening = true;
                        advance(committed == null ? 0 : committed);
                        LOG.debug("listening for changes; snapshot caches cleared");
                    }).onFailure(e -> conn.close());
        }).onFailure(e -> {
            LOG.warnf("change listener cannot connect (%s); retrying in %d ms", e.getMessage(), RETRY.toMillis());
            vertx.setTimer(RETRY.toMillis(), id -> connect());
        });
    }

    private void onNotification(String channel, String payload) {
        if (pingChannel.equals(channel)) {
            pingedBack(payload);
            return;
        }
        received.increment();
        if (payload.startsWith(REVISION_PREFIX)) {
            try {
                advance(Long.parseLong(payload.substring(REVISION_PREFIX.length())));
            } catch (NumberFormatException notOurs) {
                // Not a revision of this release (an older instance's form): nothing to apply.
            }
            return;
        }
        for (ChangeSubscriber subscriber : subscribers) {
            subscriber.invalidate(payload);
        }
    }

    private void advance(long revision) {
        if (revision > applied) {
            applied = revision;
        }
        CompletableFuture<Boolean> moved = progress;
        progress = new CompletableFuture<>();
        moved.complete(true);
    }

    /** The connection is gone: nothing waits for it any more (those waiting read through or give up). */
    private void closed() {
        latestPing = null;
        for (Map.Entry<Long, Ping> e = pings.pollFirstEntry(); e != null; e = pings.pollFirstEntry()) {
            e.getValue().back().complete(false);
        }
        CompletableFuture<Boolean> waiting = progress;
        progress = new CompletableFuture<>();
        waiting.complete(false);
    }

    /** Whether this instance is listening and has applied every change of {@code revision} and before. */
    public boolean reached(long revision) {
        return listening && applied >= revision;
    }

    /**
     * True once this instance has applied every change committed with {@code revision} and before (the
     * notification {@code revision:<n>} follows the transaction's other notifications), false after
     * {@code patience} or when it is not listening. Answers on the caller's Vert.x context.
     */
    public Uni<Boolean> awaitApplied(long revision, Duration patience) {
        if (reached(revision)) {
            return Uni.createFrom().item(true);
        }
        return onCallers(untilApplied(revision, System.nanoTime() + patience.toNanos()));
    }

    private Uni<Boolean> untilApplied(long revision, long deadline) {
        CompletableFuture<Boolean> next = progress;
        if (reached(revision)) {
            return Uni.createFrom().item(true);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || !listening) {
            return Uni.createFrom().item(false);
        }
        return waitFor(next, Duration.ofNanos(left))
                .flatMap(moved -> moved ? untilApplied(revision, deadline) : Uni.createFrom().item(reached(revision)));
    }

    /**
     * True once this instance has applied every change committed before {@code since} (a
     * {@link System#nanoTime()} instant): at once when a ping sent since then has come back, otherwise
     * after one more ping (shared by the requests that arrive meanwhile) within {@code patience}. False
     * when it is not listening or the ping is late. Answers on the caller's Vert.x context.
     */
    public Uni<Boolean> caughtUp(long since, Duration patience) {
        if (!listening) {
            return Uni.createFrom().item(false);
        }
        if (confirmedAt - since >= 0) {
            return Uni.createFrom().item(true);
        }
        Ping ping = latestPing;
        if (ping == null || ping.sentAt() - since < 0) {
            ping = ping();
        }
        return ping == null ? Uni.createFrom().item(false) : onCallers(waitFor(ping.back(), patience));
    }

    private Ping ping() {
        PgConnection conn = connection;
        if (conn == null) {
            return null;
        }
        long id = pingIds.incrementAndGet();
        Ping ping = new Ping(System.nanoTime(), new CompletableFuture<>());
        pings.put(id, ping);
        latestPing = ping;
        conn.preparedQuery(PING_SQL).execute(Tuple.of(pingChannel, Long.toString(id))).onFailure(e -> {
            pings.remove(id);
            ping.back().complete(false);
        });
        return ping;
    }

    /** Ping {@code payload} came back: every change committed before it and before the pings sent earlier was applied. */
    private void pingedBack(String payload) {
        long id;
        try {
            id = Long.parseLong(payload);
        } catch (NumberFormatException notOurs) {
            return;
        }
        for (Map.Entry<Long, Ping> e = pings.firstEntry(); e != null && e.getKey() <= id; e = pings.firstEntry()) {
            if (pings.remove(e.getKey(), e.getValue())) {
                if (e.getValue().sentAt() - confirmedAt > 0) {
                    confirmedAt = e.getValue().sentAt();
                }
                e.getValue().back().complete(true);
            }
        }
    }

    /** Its outcome within {@code patience} (false after it); a copy, so that one waiter giving up cancels nothing shared. */
    private static Uni<Boolean> waitFor(CompletableFuture<Boolean> shared, Duration patience) {
        return Uni.createFrom().completionStage(shared.copy()).ifNoItem().after(patience).recoverWithItem(false);
    }

    /** {@code result} delivered on the caller's Vert.x context (its request context), not the listener's or a timer's. */
    private static <T> Uni<T> onCallers(Uni<T> result) {
        Context caller = Vertx.currentContext();
        return caller == null ? result : result.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        PgConnection conn = connection;
        if (conn != null) {
            conn.close();
        }
    }
}
