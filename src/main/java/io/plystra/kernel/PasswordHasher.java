package io.plystra.kernel;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;

/**
 * Argon2id password hashes in PHC form ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}), with the
 * OWASP minimum parameters. Any stored value in another format never verifies. CPU-heavy: call it
 * off the event loop. Plain Java so that the CLI uses the very same code.
 *
 * <p>The native library allocates 19 MiB per hash with {@code malloc}. Every hash runs on one of a
 * fixed set of threads, one per core: glibc keeps freed memory in per-thread arenas, so hashes
 * spread over a large worker pool left hundreds of MiB resident after a burst of logins
 * (docs/reliability.md); the launch scripts also cap the arenas ({@code MALLOC_ARENA_MAX=2}).
 *
 * <p>A native image initialises this class at run time (application.properties,
 * {@code --initialize-at-run-time}): its static state is an Argon2 instance with its own
 * {@code SecureRandom} for salts, a native library loaded through JNA, a thread pool and a hash
 * computed at initialisation, none of which may be made on the build machine and stored in the image.
 */
public final class PasswordHasher {

    static final int MEMORY_KIB = 19_456;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    /** Verified against when the email is unknown, so both failures cost the same. */
    private static final String DECOY;

    private static final Argon2 ARGON2 = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id, 16, 32);
    private static final AtomicInteger THREADS_MADE = new AtomicInteger();
    private static final ExecutorService THREADS = Executors.newFixedThreadPool(
            Math.max(1, Runtime.getRuntime().availableProcessors()), task -> {
                Thread t = new Thread(task, "argon2-" + THREADS_MADE.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    static {
        // Directly, not on a hashing thread: that thread would wait for this class's initialization.
        DECOY = ARGON2.hash(ITERATIONS, MEMORY_KIB, PARALLELISM, "decoy-password-for-unknown-accounts".toCharArray());
    }

    private PasswordHasher() {
    }

    public static String hash(char[] password) {
        return onHashThread(() -> {
            try {
                return ARGON2.hash(ITERATIONS, MEMORY_KIB, PARALLELISM, password);
            } finally {
                ARGON2.wipeArray(password);
            }
        });
    }

    /** True only for an Argon2id PHC hash that matches. A null hash burns the same time and fails. */
    public static boolean verify(String storedHash, char[] password) {
        return onHashThread(() -> {
            try {
                if (storedHash == null || !storedHash.startsWith("$argon2id$")) {
                    ARGON2.verify(DECOY, password);
                    return false;
                }
                return ARGON2.verify(storedHash, password);
            } finally {
                ARGON2.wipeArray(password);
            }
        });
    }

    /** How many hashing threads exist (they are never replaced). */
    static int threads() {
        return THREADS_MADE.get();
    }

    /** Runs {@code work} on a hashing thread and waits for it (the caller is a worker thread or the CLI). */
    private static <T> T onHashThread(Callable<T> work) {
        try {
            return THREADS.submit(work).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing a password", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
