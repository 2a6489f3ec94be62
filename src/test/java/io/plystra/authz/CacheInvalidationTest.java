package io.plystra.authz;

import static io.plystra.testsupport.Api.asAdmin;
import static io.plystra.testsupport.Api.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Cached snapshots never outlive a committed change: a write by any path (here plain SQL) is
 * announced by the database and evicted, and a lost listener connection clears the cache.
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
class CacheInvalidationTest {

    /** A fresh user bound to the demo reviewer member, so the test owns what it revokes. */
    static Map<String, Object> newBinding() {
        String n = Long.toString(System.nanoTime());
        TestDatabase.update("INSERT INTO users (id, email) VALUES (?, ?)", "user_c" + n, "c" + n + "@example.com");
        TestDatabase.update("INSERT INTO user_members (id, space_id, user_id, member_id, relation_type) "
                + "VALUES (?, 'space_acme', ?, 'member_finance_reviewer', 'delegate')", "um_c" + n, "user_c" + n);
        return Map.of("user_id", "user_c" + n, "member_id", "member_finance_reviewer", "user_member_id", "um_c" + n,
                "space_id", "space_acme");
    }

    static String decide(Map<String, Object> actor, Map<String, Object> extra) {
        var body = new java.util.HashMap<>(check(actor, "invoice", "invoice_001", "approve"));
        body.putAll(extra);
        return asAdmin().body(body).post("/api/v1/authz/check").then().statusCode(200).extract().path("data.decision");
    }

    /** Milliseconds until the check denies, polling; fails after two seconds. */
    static long millisUntilDenied(Map<String, Object> actor) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < 2_000_000_000L) {
            if ("deny".equals(decide(actor, Map.of()))) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("still allowed two seconds after the revocation");
    }

    @Test
    void revocationByAnyWriterIsEnforcedAtOnce() throws Exception {
        Map<String, Object> actor = newBinding();
        assertEquals("allow", decide(actor, Map.of()));
        assertEquals("allow", decide(actor, Map.of()), "second check is served from the cache");
        TestDatabase.update("UPDATE user_members SET status = 'revoked' WHERE id = ?", actor.get("user_member_id"));
        long millis = millisUntilDenied(actor);
        assertTrue(millis < 1000, "revocation enforced after " + millis + " ms");
    }

    @Test
    void revokedGrantAndArchivedTargetAreNotServedFromCache() throws Exception {
        Map<String, Object> actor = newBinding();
        String n = Long.toString(System.nanoTime());
        TestDatabase.update("INSERT INTO resources (id, space_id, resource_type, group_id, owner_member_id) "
                + "VALUES (?, 'space_acme', 'invoice', 'group_finance_apac', 'member_invoice_creator')", "inv_c" + n);
        var body = new java.util.HashMap<>(check(actor, "invoice", "inv_c" + n, "approve"));
        asAdmin().body(body).post("/api/v1/authz/check").then().statusCode(200)
                .body("data.decision", org.hamcrest.Matchers.equalTo("allow"));
        TestDatabase.update("UPDATE resources SET status = 'archived' WHERE id = ?", "inv_c" + n);
        long start = System.nanoTime();
        String code = null;
        while (System.nanoTime() - start < 2_000_000_000L && !"RESOURCE_ARCHIVED".equals(code)) {
            code = asAdmin().body(body).post("/api/v1/authz/check").then().extract().path("data.deny_code");
        }
        assertEquals("RESOURCE_ARCHIVED", code);
    }

    @Test
    void fullyConsistentBypassesTheCache() {
        Map<String, Object> actor = newBinding();
        assertEquals("allow", decide(actor, Map.of()));
        // Revoke, then ask at once, fully consistent: no waiting for the notification is allowed here.
        TestDatabase.update("UPDATE user_members SET status = 'revoked' WHERE id = ?", actor.get("user_member_id"));
        assertEquals("deny", decide(actor, Map.of("consistency", Map.of("mode", "fully_consistent"))));
    }

    @Test
    void killedListenerConnectionLeavesNoStaleAllow() throws Exception {
        int tries = 10;
        for (int i = 0; i < tries; i++) {
            Map<String, Object> actor = newBinding();
            assertEquals("allow", decide(actor, Map.of()));
            assertEquals("allow", decide(actor, Map.of()), "the allow is cached");
            // Wait for the (re)established listener, then terminate it and wait until its backend is gone.
            List<Map<String, Object>> killed = List.of();
            for (long deadline = System.currentTimeMillis() + 5000; killed.isEmpty() && System.currentTimeMillis() < deadline; ) {
                killed = TestDatabase.rows("SELECT pg_terminate_backend(pid, 5000) AS killed FROM pg_stat_activity "
                        + "WHERE application_name = 'plystra-change-listener' AND state = 'idle'");
            }
            assertTrue(!killed.isEmpty() && killed.stream().allMatch(r -> Boolean.TRUE.equals(r.get("killed"))),
                    "the listener connection was found and terminated: " + killed);
            TestDatabase.update("UPDATE user_members SET status = 'revoked' WHERE id = ?", actor.get("user_member_id"));
            assertEquals("deny", decide(actor, Map.of()), "try " + i + ": the first check after the revocation denies");
        }
        System.out.printf("listener killed %d times, each followed by a revocation: no stale allow%n", tries);
    }
}
