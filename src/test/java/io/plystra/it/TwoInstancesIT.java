package io.plystra.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.plystra.kernel.DatabaseUrl;

/**
 * Two instances of the packaged server on one database: a revocation accepted by one is enforced
 * by the other within 100 ms at the 99th percentile, over 100 revocations. The other instance has
 * the allow cached before each revocation, so only the change notification can make it deny.
 */
class TwoInstancesIT {

    static final int REVOCATIONS = 100;
    static final List<PackagedServer> SERVERS = new ArrayList<>();
    static PackagedServer a;
    static PackagedServer b;
    static String token;
    static DatabaseUrl database;

    @BeforeAll
    static void startTwoInstances() throws Exception {
        String url = PackagedServer.freshDatabase("plystra_it_");
        a = PackagedServer.start(url, "a", true);
        SERVERS.add(a);
        b = PackagedServer.start(url, "b", false);
        SERVERS.add(b);
        token = a.loginAlice();
        database = DatabaseUrl.parse(url);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (PackagedServer s : SERVERS) {
            s.stop();
        }
    }

    @Test
    void revocationOnOneInstanceIsEnforcedByTheOtherWithin100msP99() throws Exception {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < REVOCATIONS; i++) {
            String binding = newBinding(i);
            String check = checkBody(binding);
            assertEquals("allow", decision(b, check), "instance b allows (and caches) before the revocation");
            assertEquals("allow", decision(b, check));
            HttpResponse<String> revoked = a.post("/api/v1/spaces/space_acme/user-members/" + binding + "/revoke",
                    "{\"revoked_reason\":\"it\"}", token);
            assertEquals(200, revoked.statusCode(), revoked.body());
            long start = System.nanoTime();
            while (!"deny".equals(decision(b, check))) {
                assertTrue(System.nanoTime() - start < 5_000_000_000L, "instance b still allows after 5 s");
            }
            millis.add((System.nanoTime() - start) / 1_000_000);
        }
        Collections.sort(millis);
        long p50 = millis.get(REVOCATIONS / 2);
        long p99 = millis.get((int) Math.ceil(REVOCATIONS * 0.99) - 1);
        System.out.printf("two instances: %d revocations, enforced by the other instance after p50 %d ms, p99 %d ms, max %d ms%n",
                REVOCATIONS, p50, p99, millis.get(REVOCATIONS - 1));
        assertTrue(p99 <= 100, "p99 " + p99 + " ms over " + millis);
    }

    private static String newBinding(int i) throws Exception {
        String n = i + "_" + Long.toHexString(System.nanoTime());
        try (var c = java.sql.DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
             var st = c.createStatement()) {
            st.execute("INSERT INTO users (id, email) VALUES ('user_it" + n + "', 'it" + n + "@example.com')");
            st.execute("INSERT INTO user_members (id, space_id, user_id, member_id, relation_type) VALUES ('um_it" + n
                    + "', 'space_acme', 'user_it" + n + "', 'member_finance_reviewer', 'delegate')");
        }
        return "um_it" + n;
    }

    private static String checkBody(String binding) {
        String user = binding.replace("um_it", "user_it");
        return "{\"actor\":{\"user_id\":\"" + user + "\",\"member_id\":\"member_finance_reviewer\",\"user_member_id\":\""
                + binding + "\",\"space_id\":\"space_acme\"},\"resource_type\":\"invoice\",\"resource_id\":\"invoice_001\","
                + "\"action\":\"approve\"}";
    }

    /** The access log is buffered and flushed by a timer: a request's line still reaches standard output within moments. */
    @Test
    void everyRequestHasItsAccessLogLine() throws Exception {
        String requestId = "it-access-" + System.nanoTime();
        HttpResponse<String> r = b.postWithRequestId("/api/v1/authz/check", checkBody("um_alice_finance_reviewer"), token, requestId);
        assertEquals(200, r.statusCode(), r.body());
        String line = null;
        for (int i = 0; i < 50 && line == null; i++) {
            line = b.output().lines().filter(l -> l.contains("\"request_id\":\"" + requestId + "\"")).findFirst().orElse(null);
            if (line == null) {
                Thread.sleep(100);
            }
        }
        assertTrue(line != null, "no access log line for " + requestId + " within 5 s");
        assertTrue(line.startsWith("{") && line.contains("\"path\":\"/api/v1/authz/check\"") && line.contains("\"status\":200"), line);
    }

    private static String decision(PackagedServer server, String body) throws Exception {
        HttpResponse<String> r = server.post("/api/v1/authz/check", body, token);
        assertEquals(200, r.statusCode(), r.body());
        return r.body().replaceAll("(?s).*\"decision\":\"(allow|deny)\".*", "$1");
    }
}
