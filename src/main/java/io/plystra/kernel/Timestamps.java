package io.plystra.kernel;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The one parser of timestamps that come from a request: RFC 3339 with an offset, at an instant in
 * the years 0001 to 9999 (UTC). Java reads far wider years ({@code +10000-...}, {@code -0001-...})
 * that PostgreSQL, JSON clients or RFC 3339 itself cannot carry; they are refused as a bad value.
 */
public final class Timestamps {

    /** Inclusive. */
    public static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
    /** Exclusive. */
    public static final Instant END = OffsetDateTime.parse("+10000-01-01T00:00:00Z").toInstant();
    public static final String PROBLEM = "must be an RFC 3339 timestamp in the years 0001 to 9999, such as 2026-11-23T18:31:40Z";

    private Timestamps() {
    }

    /** The instant {@code text} names; null when {@code text} is null; otherwise 400 naming {@code field}. */
    public static Instant parse(String text, String field) {
        if (text == null) {
            return null;
        }
        Instant at = parseOrNull(text);
        if (at == null) {
            throw ApiException.validation(field, PROBLEM);
        }
        return at;
    }

    /** The instant {@code text} names, or null when it is not an RFC 3339 timestamp in range. */
    public static Instant parseOrNull(String text) {
        if (text == null) {
            return null;
        }
        try {
            Instant at = OffsetDateTime.parse(text).toInstant();
            return inRange(at) ? at : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public static boolean inRange(Instant at) {
        return !at.isBefore(MIN) && at.isBefore(END);
    }
}
