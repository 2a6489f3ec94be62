package io.plystra.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

/**
 * However many threads ask, the Argon2 work runs on at most one thread per core: the native
 * buffers (19 MiB a hash) then stay in that many malloc arenas, which kept the server at 290 MiB
 * under a burst of 200 logins where a hash on each worker thread left it at 682 MiB.
 */
class PasswordHasherTest {

    @Test
    void hashesFromManyThreadsRunOnOneThreadPerCore() throws Exception {
        String stored = PasswordHasher.hash("correct horse".toCharArray());
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String guess = i == 31 ? "correct horse" : "guess " + i;
                answers.add(callers.submit(() -> PasswordHasher.verify(stored, guess.toCharArray())));
            }
            int matched = 0;
            for (Future<Boolean> answer : answers) {
                matched += answer.get() ? 1 : 0;
            }
            assertEquals(1, matched, "only the right password verifies");
        } finally {
            callers.shutdownNow();
        }
        int hashing = PasswordHasher.threads();
        assertTrue(hashing >= 1 && hashing <= Runtime.getRuntime().availableProcessors(),
                "threads that ran Argon2: " + hashing);
        assertFalse(PasswordHasher.verify(null, "anything".toCharArray()), "no stored hash never verifies");
    }
}
