package io.plystra.kernel;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * {@code ?limit=&cursor=} of a list route: limit 1..200 (default 50), the cursor opaque to clients
 * (base64url of the last row's created_at in microseconds and its id).
 */
public record PageRequest(int limit, Instant afterCreatedAt, String afterId) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public static PageRequest parse(String limit, String cursor) {
        int n = DEFAULT_LIMIT;
        if (limit != null && !limit.isBlank()) {
            try {
                n = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                throw ApiException.validation("limit", "must be a whole number from 1 to " + MAX_LIMIT);
            }
            if (n < 1 || n > MAX_LIMIT) {
                throw ApiException.validation("limit", "must be a whole number from 1 to " + MAX_LIMIT);
            }
        }
        if (cursor == null || cursor.isBlank()) {
            return new PageRequest(n, null, null);
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            long micros = Long.parseLong(raw.substring(0, bar));
            String id = raw.substring(bar + 1);
            // An id never holds control characters (PostgreSQL text refuses NUL), so such a cursor was never issued.
            if (id.isEmpty() || id.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("no id");
            }
            Instant at = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
            // Rows are stamped in the years 0001..9999 (Timestamps); a time outside them was never issued.
            if (!Timestamps.inRange(at)) {
                throw new IllegalArgumentException("time out of range");
            }
            return new PageRequest(n, at, id);
        } catch (RuntimeException e) {
            throw ApiException.validation("cursor", "is not a cursor this server issued");
        }
    }

    public boolean first() {
        return afterId == null;
    }

    /**
     * For lists of numbered versions, newest first, whose cursor carries the last version sent: the versions to
     * list are below this one ({@link Integer#MAX_VALUE} on the first page); 400 for a cursor that carries none.
     */
    public int versionBefore() {
        if (first()) {
            return Integer.MAX_VALUE;
        }
        try {
            return Integer.parseInt(afterId);
        } catch (NumberFormatException e) {
            throw ApiException.validation("cursor", "is not a cursor this server issued");
        }
    }

    static String cursor(Instant createdAt, String id) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, createdAt);
        return Base64.getUrlEncoder().withoutPadding().encodeToString((micros + "|" + id).getBytes(StandardCharsets.UTF_8));
    }
}
