package io.plystra.kernel;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;

/**
 * LISTENs on {@code plystra_changes} (announced by database triggers at every commit, see
 * V003__change_notifications.sql) and passes what changed to every {@link ChangeSubscriber}
 * (the snapshot and caller caches). Notifications sent while the connection is down are lost, so from the
 * moment it closes the caches are bypassed ({@link #listening()}), and when LISTEN is established
 * again they are cleared before they serve again; a lost connection is retried every second.
 */
@ApplicationScoped
public class ChangeListener {

    private static final Logger LOG = Logger.getLogger(ChangeListener.class);
    public static final String CHANNEL = "plystra_changes";
    public static final String REVISION_PREFIX = "revision:";

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
    /** Commits this instance has seen, by revision, and the requests waiting to see one. */
    private final Cache<String, CompletableFuture<Void>> revisions =
            Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(30)).maximumSize(100_000).build();

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
            conn.notificationHandler(n -> onChange(n.getPayload()));
            conn.closeHandler(v -> {
                listening = false;
                connection = null;
                if (!stopped) {
                    LOG.warn("change listener connection lost; caches bypassed until it is back, reconnecting");
                    connect();
                }
            });
            connection = conn;
            conn.query("LISTEN " + CHANNEL).execute().onSuccess(rows -> {
                subscribers.forEach(ChangeSubscriber::clear);
                listening = true;
                LOG.debug("listening for changes; snapshot caches cleared");
            }).onFailure(e -> conn.close());
        }).onFailure(e -> {
            LOG.warnf("change listener cannot connect (%s); retrying in %d ms", e.getMessage(), RETRY.toMillis());
            vertx.setTimer(RETRY.toMillis(), id -> connect());
        });
    }

    private void onChange(String change) {
        received.increment();
        if (change.startsWith(REVISION_PREFIX)) {
            revision(change.substring(REVISION_PREFIX.length())).complete(null);
            return;
        }
        for (ChangeSubscriber subscriber : subscribers) {
            subscriber.invalidate(change);
        }
    }

    /**
     * Completes once this instance has applied every change committed with {@code revision} (the
     * notification {@code revision:<id>} follows the transaction's other notifications), or after
     * {@code patience}: read-your-writes on this instance for the client of an admin mutation.
     */
    public Uni<Void> awaitRevision(String revision, Duration patience) {
        if (options == null) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().completionStage(revision(revision))
                .ifNoItem().after(patience).recoverWithItem((Void) null)
                .replaceWithVoid();
    }

    private CompletableFuture<Void> revision(String id) {
        return revisions.get(id, k -> new CompletableFuture<>());
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        PgConnection conn = connection;
        if (conn != null) {
            conn.close();
        }
    }
}
