package io.plystra.session;

import io.plystra.kernel.Caller;

import java.time.Instant;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.plystra.kernel.ChangeSubscriber;
import io.plystra.kernel.Generation;
import io.plystra.kernel.PlystraConfig;
import io.plystra.kernel.WeighedCaches;

/**
 * Bearer token hash to resolved caller, so that a request with a known token reads nothing from
 * the database. An entry is used only until its {@link Authenticated#validUntil()}, and is evicted
 * by the change notifications of its session, user, API key or service key, active binding, any admin grant, and
 * any organization or space (an organization grant reaches the spaces below its organization).
 * Only successful resolutions are cached.
 */
@ApplicationScoped
public class CallerCache implements ChangeSubscriber {

    private final Cache<String, Authenticated> entries;
    private final Generation generation = new Generation();

    public CallerCache(PlystraConfig config, MeterRegistry meters) {
        this.entries = WeighedCaches.build(config.cache().bytesPerCache(), config.cache().maxAge());
        CaffeineCacheMetrics.monitor(meters, entries, "plystra_callers");
    }

    public long generation() {
        return generation.current();
    }

    /** The cached caller for this token hash, if it is still valid at {@code now}. */
    public Caller get(String tokenHash, Instant now) {
        Authenticated entry = entries.getIfPresent(tokenHash);
        if (entry == null) {
            return null;
        }
        if (entry.validUntil() != null && !now.isBefore(entry.validUntil())) {
            entries.invalidate(tokenHash);
            return null;
        }
        return entry.caller();
    }

    public void put(String tokenHash, Authenticated value, long loadedAt) {
        generation.put(entries, tokenHash, value, loadedAt);
    }

    /** Applies one change notification ({@code <table>:<id>[:...]}). */
    @Override
    public void invalidate(String change) {
        generation.advance();
        String[] parts = change.split(":", 3);
        String id = parts.length > 1 ? parts[1] : "";
        switch (parts[0]) {
            case "sessions" -> evict(c -> id.equals(c.sessionId()));
            case "users" -> evict(c -> id.equals(c.userId()));
            case "api_keys", "service_keys" -> evict(c -> id.equals(c.apiKeyId()));
            case "user_members" -> evict(c -> c.actor() != null && id.equals(c.actor().userMemberId()));
            case "admin_grants", "organizations", "spaces" -> entries.invalidateAll();
            default -> {
                // Not part of a caller.
            }
        }
    }

    @Override
    public void clear() {
        generation.advance();
        entries.invalidateAll();
    }

    private void evict(Predicate<Caller> matches) {
        entries.asMap().values().removeIf(entry -> matches.test(entry.caller()));
    }
}
