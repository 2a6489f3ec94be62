package io.plystra.kernel;

import java.security.SecureRandom;

/**
 * Secure random bytes for ids and tokens, from one {@link SecureRandom}.
 *
 * <p>Its own class so that a native image creates the generator at run time: Quarkus initialises
 * application classes while it builds a native executable, and a generator made then would be stored
 * in the image, seeded once on the build machine. application.properties names this class in
 * {@code --initialize-at-run-time} (NativeImageConfigTest checks it); no other class holds secure
 * randomness in static state.
 */
public final class RandomBytes {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomBytes() {
    }

    public static byte[] next(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
