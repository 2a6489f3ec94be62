package io.plystra.session;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.kernel.ApiException;
import io.plystra.kernel.ErrorCode;
import io.plystra.kernel.PasswordHasher;

/**
 * Password checks with bounded concurrency: each Argon2 check holds about 19 MiB, so at most one per
 * core runs at a time; a login that cannot start one within {@link #WAIT} is refused with 503
 * {@code OVERLOADED} instead of queueing memory. Call on a worker thread.
 */
@ApplicationScoped
public class PasswordChecks {

    static final Duration WAIT = Duration.ofSeconds(2);

    private final int slots = Math.max(1, Runtime.getRuntime().availableProcessors());
    private final Semaphore running = new Semaphore(slots, true);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();

    public boolean verify(String storedHash, char[] password) {
        boolean started;
        try {
            started = running.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            started = false;
        }
        if (!started) {
            throw new ApiException(ErrorCode.OVERLOADED, "too many logins at once; retry shortly");
        }
        try {
            mostAtOnce.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            return PasswordHasher.verify(storedHash, password);
        } finally {
            inFlight.decrementAndGet();
            running.release();
        }
    }

    /** How many checks may run at once. */
    int slots() {
        return slots;
    }

    /** The most checks that ran at once since start. */
    int mostAtOnce() {
        return mostAtOnce.get();
    }
}
