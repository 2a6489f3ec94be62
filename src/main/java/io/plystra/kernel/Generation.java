package io.plystra.kernel;

import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;

/**
 * The invalidation counter of a cache whose values are loaded from the database outside any lock.
 * A loader reads {@link #current()} before it reads the database and hands that value to
 * {@link #put}; every invalidation calls {@link #advance()} before it evicts. A value is stored only
 * when no invalidation began since its load started, and is taken out again when one began while it
 * was being stored, so a stale value never outlives the eviction meant to remove it.
 */
public class Generation {

    private final AtomicLong value = new AtomicLong();

    /** The generation to pass back to {@link #put} for a value about to be loaded. */
    public long current() {
        return value.get();
    }

    /** Called by every invalidation, before it evicts. */
    public void advance() {
        value.incrementAndGet();
    }

    /**
     * Stores {@code v} under {@code key} if no invalidation began since {@code loadedAt}. An
     * invalidation that begins between that check and the store evicts before the value is there;
     * the second look at the generation sees it and removes the value itself.
     */
    public <K, V> void put(Cache<K, V> cache, K key, V v, long loadedAt) {
        if (current() != loadedAt) {
            return;
        }
        cache.put(key, v);
        if (current() != loadedAt) {
            cache.invalidate(key);
        }
    }
}
