package io.plystra.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.plystra.kernel.ApiException;
import io.plystra.kernel.ErrorCode;
import io.plystra.kernel.PlystraConfig;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;

/**
 * Failed-login counting per email and per client IP, in memory and per instance: after
 * {@code PLYSTRA_LOGIN_MAX_FAILURES} failures within {@code PLYSTRA_LOGIN_WINDOW} (a window that opens
 * at the first failure) the email or IP is locked for {@code PLYSTRA_LOGIN_LOCKOUT}, whatever the
 * password. At most {@link #CAPACITY} emails and IPs are tracked; stale entries are purged every
 * minute, a live one is never evicted, and while the table is full new keys go untracked.
 */
@ApplicationScoped
public class LoginThrottle {

    static final int CAPACITY = 100_000;
    private static final Logger LOG = Logger.getLogger(LoginThrottle.class);

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final int maxFailures;
    private final Duration window;
    private final Duration lockout;
    private final Vertx vertx;
    private volatile boolean reportedFull;

    public LoginThrottle(PlystraConfig config, Vertx vertx) {
        this.maxFailures = config.login().maxFailures();
        this.window = config.login().window();
        this.lockout = config.login().lockout();
        this.vertx = vertx;
    }

    void schedulePurge(@Observes StartupEvent event) {
        vertx.setPeriodic(Duration.ofMinutes(1).toMillis(), id -> purge(Instant.now()));
    }

    /** 429 {@code RATE_LIMITED} while the email or the IP is locked out. */
    public void check(String email, String ip, Instant now) {
        Instant until = lockedUntil(emailKey(email), now);
        Instant ipUntil = ip == null ? null : lockedUntil(ipKey(ip), now);
        if (ipUntil != null && (until == null || ipUntil.isAfter(until))) {
            until = ipUntil;
        }
        if (until != null) {
            long seconds = Math.max(1, Duration.between(now, until).toSeconds());
            throw new ApiException(ErrorCode.RATE_LIMITED, "too many failed logins; try again later",
                    Map.of("retry_after_seconds", seconds));
        }
    }

    public void failed(String email, String ip, Instant now) {
        count(emailKey(email), now);
        if (ip != null) {
            count(ipKey(ip), now);
        }
    }

    /** A successful login clears the email's failures (never the IP's: one good account must not reset them). */
    public void succeeded(String email) {
        failures.remove(emailKey(email));
    }

    void purge(Instant now) {
        failures.values().removeIf(f -> f.stale(now, window));
        reportedFull = false;
    }

    private Instant lockedUntil(String key, Instant now) {
        Failures f = failures.get(key);
        return f != null && f.lockedUntil() != null && now.isBefore(f.lockedUntil()) ? f.lockedUntil() : null;
    }

    private void count(String key, Instant now) {
        if (failures.size() >= CAPACITY && !failures.containsKey(key)) {
            if (!reportedFull) {
                reportedFull = true;
                LOG.warnf("login throttle full (%d keys): new emails and IPs go untracked until entries expire", CAPACITY);
            }
            return;
        }
        failures.compute(key, (k, f) -> {
            Failures next = f == null || f.stale(now, window) ? new Failures(1, now, null) : f.plusOne();
            return next.lockedUntil() == null && next.count() >= maxFailures
                    ? new Failures(next.count(), next.windowStart(), now.plus(lockout)) : next;
        });
    }

    private static String emailKey(String email) {
        return "email:" + email.trim().toLowerCase(Locale.ROOT);
    }

    private static String ipKey(String ip) {
        return "ip:" + ip;
    }

    /** Failures counted since {@code windowStart}; {@code lockedUntil} is set once they reach the maximum. */
    record Failures(int count, Instant windowStart, Instant lockedUntil) {

        Failures plusOne() {
            return new Failures(count + 1, windowStart, lockedUntil);
        }

        /** The window has closed without a lockout, or the lockout is over. */
        boolean stale(Instant now, Duration window) {
            return lockedUntil == null ? !now.isBefore(windowStart.plus(window)) : !now.isBefore(lockedUntil);
        }
    }
}
