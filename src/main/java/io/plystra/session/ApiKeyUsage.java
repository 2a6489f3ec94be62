package io.plystra.session;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * {@code last_used_at} of API keys and service keys without a write per request: uses are remembered in
 * memory (the latest per key) and written every {@link #EVERY} in one UPDATE per table, and once more at
 * shutdown. Bound: the stored value lags by at most a minute, and a crash loses at most the last minute of uses.
 */
@ApplicationScoped
public class ApiKeyUsage {

    static final Duration EVERY = Duration.ofSeconds(60);
    private static final Logger LOG = Logger.getLogger(ApiKeyUsage.class);

    private final Map<String, Instant> pending = new ConcurrentHashMap<>();
    private final Map<String, Instant> pendingServiceKeys = new ConcurrentHashMap<>();
    @Inject
    CredentialRepository credentials;
    @Inject
    Vertx vertx;

    void schedule(@Observes StartupEvent event) {
        vertx.setPeriodic(EVERY.toMillis(), id -> flush().subscribe().with(
                v -> LOG.debug("API key uses written"),
                failure -> LOG.warnf("API key uses could not be written: %s", failure.getMessage())));
    }

    void flushAtShutdown(@Observes ShutdownEvent event) {
        try {
            flush().await().atMost(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.warnf("API key uses could not be written at shutdown: %s", e.getMessage());
        }
    }

    public void touch(String keyId, Instant at) {
        remember(pending, keyId, at);
    }

    /** A use of a service key. */
    public void touchServiceKey(String keyId, Instant at) {
        remember(pendingServiceKeys, keyId, at);
    }

    private static void remember(Map<String, Instant> uses, String keyId, Instant at) {
        uses.merge(keyId, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    /**
     * Writes the uses remembered so far, one statement per kind of key; uses arriving meanwhile wait for the
     * next flush, and a failed write keeps its uses for the next one.
     */
    public Uni<Void> flush() {
        return flush(pending, credentials::recordKeyUses)
                .call(() -> flush(pendingServiceKeys, credentials::recordServiceKeyUses));
    }

    private static Uni<Void> flush(Map<String, Instant> uses, java.util.function.BiFunction<String[], OffsetDateTime[], Uni<Void>> write) {
        List<String> ids = new ArrayList<>();
        List<OffsetDateTime> times = new ArrayList<>();
        for (String id : List.copyOf(uses.keySet())) {
            Instant at = uses.remove(id);
            if (at != null) {
                ids.add(id);
                times.add(at.atOffset(ZoneOffset.UTC));
            }
        }
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return write.apply(ids.toArray(String[]::new), times.toArray(OffsetDateTime[]::new))
                .onFailure().invoke(e -> {
                    for (int i = 0; i < ids.size(); i++) {
                        remember(uses, ids.get(i), times.get(i).toInstant());
                    }
                });
    }
}
