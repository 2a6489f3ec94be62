package io.plystra.attribute;

import static io.plystra.testsupport.Api.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.plystra.access.AccessFixtures;
import io.plystra.authz.engine.Attribute;
import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The attributes decisions read: typed engine values, served from the cache until a change notification
 * evicts them, and gone from the cache at their expiry even when the database still holds them.
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
class AttributeSnapshotsTest {

    @Inject
    AttributeSnapshots snapshots;

    AttributeSnapshot load(String space, String member, String type, String resource) {
        return snapshots.load(space, member, type, resource, false).await().atMost(Duration.ofSeconds(5));
    }

    static void put(String space, String kind, String subject, String key, Map<String, Object> body) {
        asAdmin().body(body).put("/api/v1/spaces/" + space + "/attributes/" + kind + "/" + subject + "/" + key)
                .then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
    }

    /** Runs SQL on attributes with the change notification switched off: the cache is not told. */
    static void silently(String sql, Object... params) throws Exception {
        try (Connection c = TestDatabase.connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("ALTER TABLE attributes DISABLE TRIGGER attributes_notify_change");
            }
            try (var ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                ps.executeUpdate();
            }
            try (Statement s = c.createStatement()) {
                s.execute("ALTER TABLE attributes ENABLE TRIGGER attributes_notify_change");
            }
            c.commit();
        }
    }

    AttributeSnapshot eventually(String space, String member, Predicate<AttributeSnapshot> done) throws InterruptedException {
        long until = System.nanoTime() + 2_000_000_000L;
        AttributeSnapshot s = load(space, member, null, null);
        while (!done.test(s) && System.nanoTime() < until) {
            Thread.sleep(10);
            s = load(space, member, null, null);
        }
        return s;
    }

    @Test
    void principalResourceAndSpaceAttributesAsEngineValues() {
        String space = AccessFixtures.space();
        String m = AccessFixtures.member(space);
        String type = AccessFixtures.type("read");
        String r = AccessFixtures.unique("r");
        TestDatabase.update("INSERT INTO resources (id, space_id, resource_type) VALUES (?, ?, ?)", r, space, type);
        String expires = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        put(space, "members", m, "department", Map.of("value", "finance", "expires_at", expires));
        put(space, "members", m, "regions", Map.of("value", List.of("eu", "apac")));
        put(space, "members", m, "mfa", Map.of("value", true));
        asAdmin().body("{\"value\": 10000.50}").put("/api/v1/spaces/" + space + "/attributes/resources/" + type + ":" + r + "/amount")
                .then().statusCode(201);
        put(space, "resources", type + ":" + r, "closed", Map.of("value", "2026-12-31T23:59:59Z", "type", "timestamp"));
        put(space, "space", space, "tier", Map.of("value", "gold"));

        AttributeSnapshot s = load(space, m, type, r);
        assertEquals(new Attribute("department", "finance", Instant.parse(expires)), s.principal().get("department"));
        assertEquals(List.of("eu", "apac"), s.principal().get("regions").value());
        assertEquals(Boolean.TRUE, s.principal().get("mfa").value());
        assertEquals(new BigDecimal("10000.50"), s.resource().get("amount").value());
        assertEquals(Instant.parse("2026-12-31T23:59:59Z"), s.resource().get("closed").value());
        assertEquals("gold", s.space().get("tier").value());
        assertEquals(3, s.principal().size());
        // another member, no resource: empty maps
        AttributeSnapshot other = load(space, AccessFixtures.member(space), null, null);
        assertTrue(other.principal().isEmpty() && other.resource().isEmpty());
        assertEquals(Map.of("tier", new Attribute("tier", "gold", null)), other.space());
        assertEquals(s.principal(), snapshots.subject("member", space, m, false).await().atMost(Duration.ofSeconds(5)));
    }

    @Test
    void aCachedAttributeIsServedUntilItsChangeIsAnnounced() throws Exception {
        String space = AccessFixtures.space();
        String m = AccessFixtures.member(space);
        put(space, "members", m, "tier", Map.of("value", "gold"));
        assertEquals("gold", eventually(space, m, s -> "gold".equals(value(s, "tier"))).principal().get("tier").value());
        // a change the cache is not told of: the cached value is still served
        silently("UPDATE attributes SET value = '\"silver\"' WHERE subject_id = ? AND key = 'tier'", m);
        assertEquals("gold", load(space, m, null, null).principal().get("tier").value(), "served from the cache");
        assertEquals("silver", snapshots.load(space, m, null, null, true).await().atMost(Duration.ofSeconds(5))
                .principal().get("tier").value(), "a fresh load reads the database");
        // an announced change (any writer, here plain SQL) evicts it
        TestDatabase.update("UPDATE attributes SET value = '\"platinum\"' WHERE subject_id = ? AND key = 'tier'", m);
        assertEquals("platinum", value(eventually(space, m, s -> "platinum".equals(value(s, "tier"))), "tier"));
        asAdmin().delete("/api/v1/spaces/" + space + "/attributes/members/" + m + "/tier").then().statusCode(200);
        assertFalse(eventually(space, m, s -> !s.principal().containsKey("tier")).principal().containsKey("tier"));
    }

    @Test
    void aCachedAttributeDisappearsAtItsExpiry() throws Exception {
        String space = AccessFixtures.space();
        String m = AccessFixtures.member(space);
        Instant expiry = Instant.now().plusMillis(1500);
        put(space, "members", m, "on_call", Map.of("value", true, "expires_at", expiry.toString()));
        put(space, "members", m, "team", Map.of("value", "red"));
        AttributeSnapshot before = eventually(space, m, s -> s.principal().containsKey("on_call"));
        assertTrue(before.principal().containsKey("on_call"));
        // the database is changed behind the cache's back to say the attribute never expires:
        // only the cached expiry can make it disappear
        silently("UPDATE attributes SET expires_at = NULL WHERE subject_id = ? AND key = 'on_call'", m);
        assertTrue(load(space, m, null, null).principal().containsKey("on_call"));
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiry).toMillis()) + 50);
        AttributeSnapshot after = load(space, m, null, null);
        assertNull(after.principal().get("on_call"), "expired in the cache");
        assertEquals("red", after.principal().get("team").value());
    }

    static Object value(AttributeSnapshot s, String key) {
        Attribute a = s.principal().get(key);
        return a == null ? null : a.value();
    }
}
