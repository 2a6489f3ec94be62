package io.plystra.kernel;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;

/**
 * Argon2id password hashes in PHC form ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}), with the
 * OWASP minimum parameters. Any stored value in another format never verifies. CPU-heavy: call it
 * off the event loop. Plain Java so that the CLI uses the very same code.
 */
public final class PasswordHasher {

    static final int MEMORY_KIB = 19_456;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    /** Verified against when the email is unknown, so both failures cost the same. */
    private static final String DECOY;

    private static final Argon2 ARGON2 = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id, 16, 32);

    static {
        DECOY = hash("decoy-password-for-unknown-accounts".toCharArray());
    }

    private PasswordHasher() {
    }

    public static String hash(char[] password) {
        try {
            return ARGON2.hash(ITERATIONS, MEMORY_KIB, PARALLELISM, password);
        } finally {
            ARGON2.wipeArray(password);
        }
    }

    /** True only for an Argon2id PHC hash that matches. A null hash burns the same time and fails. */
    public static boolean verify(String storedHash, char[] password) {
        try {
            if (storedHash == null || !storedHash.startsWith("$argon2id$")) {
                ARGON2.verify(DECOY, password);
                return false;
            }
            return ARGON2.verify(storedHash, password);
        } finally {
            ARGON2.wipeArray(password);
        }
    }
}
