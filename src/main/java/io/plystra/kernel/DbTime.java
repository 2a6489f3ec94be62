package io.plystra.kernel;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The time as PostgreSQL keeps it (microseconds), so a stored row and its page cursor agree. */
public final class DbTime {

    private DbTime() {
    }

    /** Now on {@code clock}, in microseconds. */
    public static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
