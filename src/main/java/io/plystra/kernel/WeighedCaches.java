package io.plystra.kernel;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Caches bounded by the memory their entries hold, not by their count: one entry with a
 * megabyte of text weighs as much as thousands of small ones. An entry's weight is an estimate,
 * two bytes per character of its key's and value's text form (records print every field) plus a
 * fixed overhead; it is computed once, when the entry is stored after a database load.
 */
public final class WeighedCaches {

    static final int ENTRY_OVERHEAD_BYTES = 64;

    private WeighedCaches() {
    }

    public static <K, V> Cache<K, V> build(long maxBytes, Duration maxAge) {
        return Caffeine.newBuilder().maximumWeight(maxBytes).<K, V>weigher(WeighedCaches::weight)
                .expireAfterWrite(maxAge).recordStats().build();
    }

    static int weight(Object key, Object value) {
        long bytes = ENTRY_OVERHEAD_BYTES + 2L * (String.valueOf(key).length() + (long) String.valueOf(value).length());
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }
}
