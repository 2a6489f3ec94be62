package io.plystra.audit;

import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Time-ordered audit ids, {@code aud_<12 hex millis><16 hex random>}: sortable, and they name their partition. */
public final class AuditIds {

    private AuditIds() {
    }

    public static String next(Instant at) {
        HexFormat hex = HexFormat.of();
        return "aud_" + hex.toHexDigits(at.toEpochMilli()).substring(4) + hex.toHexDigits(ThreadLocalRandom.current().nextLong());
    }
}
