package io.plystra.kernel;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The put of SnapshotCache and CallerCache against an invalidation that races with it. The race is
 * made deterministic by a {@link Generation} that runs the invalidation right after put's first
 * look at the counter, as another thread could: it advances the counter and evicts the key (still
 * absent), and only then does put store the value loaded before the change.
 */
class GenerationTest {

    /** A generation that lets one invalidation run right after the next look at it, once armed. */
    static final class RacingGeneration extends Generation {
        private final Cache<String, String> cache;
        private final String key;
        private boolean armed;

        RacingGeneration(Cache<String, String> cache, String key) {
            this.cache = cache;
            this.key = key;
        }

        void arm() {
            armed = true;
        }

        @Override
        public long current() {
            long seen = super.current();
            if (armed) {
                armed = false;
                // What SnapshotCache.invalidate and CallerCache.invalidate do: advance, then evict.
                advance();
                cache.invalidate(key);
            }
            return seen;
        }
    }

    static Cache<String, String> cache() {
        return Caffeine.newBuilder().maximumSize(100).build();
    }

    @Test
    void invalidationBetweenCheckAndStoreLeavesNoStaleEntry() {
        Cache<String, String> cache = cache();
        RacingGeneration generation = new RacingGeneration(cache, "k");
        long loadedAt = generation.current();
        generation.arm();
        generation.put(cache, "k", "loaded before the change", loadedAt);
        assertNull(cache.getIfPresent("k"), "a value loaded before an invalidation must not stay cached");
        assertEquals(loadedAt + 1, generation.current());
    }

    @Test
    void invalidationBeforeThePutStoresNothing() {
        Cache<String, String> cache = cache();
        Generation generation = new Generation();
        long loadedAt = generation.current();
        generation.advance();
        generation.put(cache, "k", "stale", loadedAt);
        assertNull(cache.getIfPresent("k"));
    }

    @Test
    void quietLoadIsStored() {
        Cache<String, String> cache = cache();
        Generation generation = new Generation();
        long loadedAt = generation.current();
        generation.put(cache, "k", "fresh", loadedAt);
        assertEquals("fresh", cache.getIfPresent("k"));
    }
}
