package io.plystra.authz;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;

/**
 * LISTENs on {@code plystra_changes} (announced by database triggers at every commit, see
 * V003__change_notifications.sql) and evicts what changed from {@link SnapshotCache}. Whenever the
 * subscription is (re)established the whole cache is cleared, because notifications sent while
 * the connection was down are lost; a lost connection is retried every second.
 */
@ApplicationScoped
public class ChangeListener {

    private static final Logger LOG = Logger.getLogger(ChangeListener.class);
    public static final String CHANNEL = "plystra_changes";

    private final SnapshotCache cache;
    private final Vertx vertx;
    private final Optional<String> url;
    private final Optional<String> user;
    private final Optional<String> password;
    private final Counter received;
    private PgSubscriber subscriber;

    public ChangeListener(SnapshotCache cache, Vertx vertx, MeterRegistry meters,
                          @ConfigProperty(name = "quarkus.datasource.reactive.url") Optional<String> url,
                          @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
                          @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.cache = cache;
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
        PgConnectOptions options = PgConnectOptions.fromUri(url.get());
        user.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1000L);
        subscriber.channel(CHANNEL)
                .subscribeHandler(v -> {
                    cache.clear();
                    LOG.debug("listening for changes; snapshot caches cleared");
                })
                .handler(change -> {
                    received.increment();
                    cache.invalidate(change);
                });
        subscriber.closeHandler(v -> {
            cache.clear();
            LOG.warn("change listener connection closed; caches cleared, reconnecting");
        });
        connect();
    }

    private void connect() {
        subscriber.connect().onFailure(e -> {
            LOG.warnf("change listener cannot connect (%s); retrying in 1 s", e.getMessage());
            vertx.setTimer(1000, id -> connect());
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.close();
        }
    }
}
