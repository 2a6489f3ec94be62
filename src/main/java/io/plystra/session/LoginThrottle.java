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
 * Login attempts, counted before any password is checked (so concurrent guesses cannot outrun the
 * limit), in memory and per instance, within {@code PLYSTRA_LOGIN_WINDOW} (a window that opens at the
 * first attempt):
 * <ul>
 * <li>one account from one client address: {@code PLYSTRA_LOGIN_MAX_FAILURES} failed attempts lock that
 * pair for {@code PLYSTRA_LOGIN_LOCKOUT}, whatever the password;</li>
 * <li>one client address: {@code PLYSTRA_LOGIN_MAX_FAILURES_PER_IP} failed attempts lock the address;</li>
 * <li>one account from every address: past the per-pair limit each further attempt waits longer
 * ({@link #delay}), but the account is never locked, so nobody can lock an administrator out from
 * elsewhere.</li>
 * </ul>
 * A successful login clears its account's counts and gives its attempt back to the address. At most
 * {@link #CAPACITY} keys are tracked; stale entries are purged every minute, a live one is never
 * evicted, and while the table is full new keys go untracked.
 */
@ApplicationScoped
public class LoginThrottle {

    static final int CAPACITY = 100_000;
    /** The slow-down of an account failing from many addresses: doubles per failure, up to {@link #MAX_DELAY}. */
    static final Duration FIRST_DELAY = Duration.ofMillis(250);
    static final Duration MAX_DELAY = Duration.ofSeconds(8);
    private static final Logger LOG = Logger.getLogger(LoginThrottle.class);

    private final Map<String, Attempts> attempts = new ConcurrentHashMap<>();
    private final int maxFailures;
    private final int maxFailuresPerIp;
    private final Duration window;
    private final Duration lockout;
    private final Vertx vertx;
    private volatile boolean reportedFull;

    public LoginThrottle(PlystraConfig config, Vertx vertx) {
        this.maxFailures = config.login().maxFailures();
        this.maxFailuresPerIp = config.login().maxFailuresPerIp();
        this.window = config.login().window();
        this.lockout = config.login().lockout();
        this.vertx = vertx;
    }

    void schedulePurge(@Observes StartupEvent event) {
        vertx.setPeriodic(Duration.ofMinutes(1).toMillis(), id -> purge(Instant.now()));
    }

    /**
     * Counts one attempt of {@code email} from {@code ip} before its password is checked: 429
     * {@code RATE_LIMITED} (with {@code retry_after_seconds}) when the pair or the address is locked;
     * otherwise how long this attempt must wait first (zero unless the account fails from many places).
     */
    public Duration attempt(String email, String ip, Instant now) {
        String address = ip == null ? "unknown" : ip;
        Attempts pair = count(pairKey(email, address), now, maxFailures);
        Attempts fromIp = count(ipKey(address), now, maxFailuresPerIp);
        Instant until = later(pair == null ? null : pair.lockedUntil(now), fromIp == null ? null : fromIp.lockedUntil(now));
        if (until != null) {
            long seconds = Math.max(1, Duration.between(now, until).toSeconds());
            throw new ApiException(ErrorCode.RATE_LIMITED, "too many failed logins; try again later",
                    Map.of(ApiException.RETRY_AFTER, seconds));
        }
        Attempts account = count(emailKey(email), now, Integer.MAX_VALUE);
        return delay(account == null ? 0 : account.count() - maxFailures);
    }

    /** A successful login: the account starts again, and the address gets its attempt back. */
    public void succeeded(String email, String ip) {
        String address = ip == null ? "unknown" : ip;
        attempts.remove(emailKey(email));
        attempts.remove(pairKey(email, address));
        attempts.computeIfPresent(ipKey(address), (k, a) -> a.count() <= 1 ? null : a.minusOne());
    }

    /** Nothing before the limit, then {@link #FIRST_DELAY} doubling per further failure, up to {@link #MAX_DELAY}. */
    static Duration delay(int failuresPastLimit) {
        if (failuresPastLimit <= 0) {
            return Duration.ZERO;
        }
        long millis = FIRST_DELAY.toMillis() << Math.min(failuresPastLimit - 1, 10);
        return Duration.ofMillis(Math.min(millis, MAX_DELAY.toMillis()));
    }

    void purge(Instant now) {
        attempts.values().removeIf(a -> a.stale(now, window));
        reportedFull = false;
    }

    /** One more attempt under {@code key}; null when the table is full and the key is new (untracked). */
    private Attempts count(String key, Instant now, int limit) {
        if (attempts.size() >= CAPACITY && !attempts.containsKey(key)) {
            if (!reportedFull) {
                reportedFull = true;
                LOG.warnf("login throttle full (%d keys): new emails and addresses go untracked until entries expire", CAPACITY);
            }
            return null;
        }
        return attempts.compute(key, (k, a) -> {
            if (a != null && a.lockedUntil(now) != null) {
                return a;
            }
            Attempts next = a == null || a.stale(now, window) ? new Attempts(1, now, null) : a.plusOne();
            return next.count() > limit ? new Attempts(next.count(), next.windowStart(), now.plus(lockout)) : next;
        });
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    private static String emailKey(String email) {
        return "email:" + email.trim().toLowerCase(Locale.ROOT);
    }

    private static String pairKey(String email, String ip) {
        return "pair:" + email.trim().toLowerCase(Locale.ROOT) + "|" + ip;
    }

    private static String ipKey(String ip) {
        return "ip:" + ip;
    }

    /** Attempts counted since {@code windowStart}; {@code lockedUntil} is set once they pass the limit. */
    record Attempts(int count, Instant windowStart, Instant lockedUntil) {

        Attempts plusOne() {
            return new Attempts(count + 1, windowStart, lockedUntil);
        }

        Attempts minusOne() {
            return new Attempts(count - 1, windowStart, lockedUntil);
        }

        Instant lockedUntil(Instant now) {
            return lockedUntil != null && now.isBefore(lockedUntil) ? lockedUntil : null;
        }

        /** The window has closed without a lockout, or the lockout is over. */
        boolean stale(Instant now, Duration window) {
            return lockedUntil == null ? !now.isBefore(windowStart.plus(window)) : !now.isBefore(lockedUntil);
        }
    }
}
