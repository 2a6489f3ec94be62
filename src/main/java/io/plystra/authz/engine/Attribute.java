package io.plystra.authz.engine;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One stored attribute of a subject (a principal, a resource, a space, an organization) as a decision
 * reads it. {@code value} is a {@link String}, a {@link BigDecimal}, a {@link Boolean}, an immutable
 * {@code List<String>} or an {@link Instant} (a timestamp attribute). {@code expiresAt} is null for an
 * attribute that never expires; a cached attribute is kept with its expiry so that it stops counting at
 * that instant, whatever the cache holds: {@link #liveAt(Instant)}.
 */
public record Attribute(String key, Object value, Instant expiresAt) {

    public Attribute {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (!(item instanceof String)) {
                    throw new IllegalArgumentException("a list attribute holds strings only: " + key);
                }
            }
            value = List.copyOf(list);
        } else if (!(value instanceof String || value instanceof BigDecimal || value instanceof Boolean
                || value instanceof Instant)) {
            throw new IllegalArgumentException("not an attribute value type: " + value.getClass().getName());
        }
    }

    /** Whether the attribute counts at {@code now}: it has no expiry, or its expiry is after {@code now}. */
    public boolean liveAt(Instant now) {
        return expiresAt == null || expiresAt.isAfter(now);
    }
}
