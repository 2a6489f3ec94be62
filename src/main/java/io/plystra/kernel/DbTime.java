package io.plystra.kernel;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The time as PostgreSQL keeps it (microseconds), so a stored row and its page cursor agree. */
public final class DbTime {

    private DbTime() {
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
