package io.plystra.authz;

import java.time.Duration;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.plystra.kernel.ApiException;
import io.plystra.kernel.Caller;
import io.plystra.kernel.ErrorCode;
import io.plystra.kernel.PlystraConfig;

/**
 * {@code PLYSTRA_STRICT_CHECKS_PER_SECOND}: how many decisions per second one caller (an API or service
 * key, else the user) may have read through to the database by its consistency mode ({@link Freshness}),
 * so that no caller can bypass the caches at will. A token bucket per caller, in memory on each
 * instance: it holds up to that many checks and refills at that rate; a request finding less than one
 * check in it is 429 {@code RATE_LIMITED} with {@code Retry-After}. A batch takes one per item and may
 * leave the bucket below zero, which the caller then waits out. At most {@link #CALLERS} callers are
 * tracked (the least used forgotten first); one unused for a minute starts afresh.
 */
@ApplicationScoped
public class StrictChecks {

    static final int CALLERS = 10_000;

    private final double perSecond;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().maximumSize(CALLERS)
            .expireAfterAccess(Duration.ofMinutes(1)).build();

    public StrictChecks(PlystraConfig config) {
        this.perSecond = config.consistency().strictChecksPerSecond();
    }

    /** Takes {@code checks} from the caller's bucket; 429 when it holds less than one. */
    void take(Caller caller, int checks) {
        if (checks == 0) {
            return;
        }
        String id = caller.apiKeyId() != null ? "key:" + caller.apiKeyId() : "user:" + caller.userId();
        double missing = buckets.get(id, k -> new Bucket(perSecond, System.nanoTime())).take(checks, perSecond, System.nanoTime());
        if (missing > 0) {
            long seconds = Math.max(1, (long) Math.ceil(missing / perSecond));
            throw new ApiException(ErrorCode.RATE_LIMITED, "more than " + (long) perSecond
                    + " decisions per second of this caller read through to the database (PLYSTRA_STRICT_CHECKS_PER_SECOND); "
                    + "retry later, or use the consistency mode minimize_latency", Map.of(ApiException.RETRY_AFTER, seconds));
        }
    }

    /** The checks left and when they were counted. */
    static final class Bucket {

        private double checks;
        private long at;

        Bucket(double checks, long at) {
            this.checks = checks;
            this.at = at;
        }

        /** Refills up to {@code perSecond}, then takes {@code n} if at least one is there: answers how many were missing (0: taken). */
        synchronized double take(int n, double perSecond, long now) {
            checks = Math.min(perSecond, checks + (now - at) / 1e9 * perSecond);
            at = now;
            if (checks < 1) {
                return 1 - checks;
            }
            checks -= n;
            return 0;
        }
    }
}
