package io.plystra.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.github.benmanes.caffeine.cache.Cache;

/**
 * A cache is bounded by what its entries hold: a few entries of a megabyte each keep it as small
 * as thousands of small entries would (a count bound let 250 actors with a million-character
 * name exhaust the heap).
 */
class WeighedCachesTest {

    record Snapshot(String id, String displayName) {
    }

    @Test
    void largeEntriesAreBoundedByMemoryNotCount() {
        long budget = 4L * 1024 * 1024;
        Cache<String, Snapshot> cache = WeighedCaches.build(budget, Duration.ofMinutes(1));
        for (int i = 0; i < 250; i++) {
            cache.put("actor" + i, new Snapshot("actor" + i, "n".repeat(1_000_000)));
        }
        cache.cleanUp();
        long weighed = cache.policy().eviction().orElseThrow().weightedSize().orElseThrow();
        assertTrue(weighed <= budget, "weighed " + weighed + " over the budget " + budget);
        assertTrue(cache.estimatedSize() <= 2, "at most two megabyte entries fit in 4 MiB: " + cache.estimatedSize());
    }

    @Test
    void smallEntriesStillFitByTheThousand() {
        Cache<String, Snapshot> cache = WeighedCaches.build(4L * 1024 * 1024, Duration.ofMinutes(1));
        for (int i = 0; i < 10_000; i++) {
            cache.put("actor" + i, new Snapshot("actor" + i, "Alice Example"));
        }
        cache.cleanUp();
        assertTrue(cache.estimatedSize() == 10_000, "small entries evicted: " + cache.estimatedSize());
    }
}
