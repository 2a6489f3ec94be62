package io.plystra.reliability;

import static io.plystra.testsupport.Api.actor;
import static io.plystra.testsupport.Api.check;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.plystra.testsupport.Api;
import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * A stalled audit log (the table locked by another session): decisions beyond the queue are refused
 * at once with 503 OVERLOADED, queued ones are refused after AUDIT_COMMIT_TIMEOUT, none is answered
 * without its row, and every queued row is still written once the lock goes.
 */
@QuarkusTest
@TestProfile(AuditOverloadTest.SmallQueue.class)
class AuditOverloadTest {

    public static class SmallQueue extends DemoProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("plystra.audit.queue-capacity", "20");
            config.put("plystra.audit.commit-timeout", "2s");
            return config;
        }
    }

    static final Map<String, Object> ALICE_APPROVES = check(actor("user_alice", "um_alice_finance_reviewer"), "invoice",
            "invoice_001", "approve");
    static final int REQUESTS = 80;

    record Answer(String requestId, int status, String code, String message, long millis) {
    }

    @Test
    void aStalledAuditLogRefusesFastAndLosesNothing() throws Exception {
        String token = Api.login(Api.ALICE);
        given().auth().oauth2(token).contentType("application/json").body(ALICE_APPROVES).post("/api/v1/authz/check")
                .then().statusCode(200);
        String run = Long.toHexString(System.nanoTime());
        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        try (Connection lock = TestDatabase.connect()) {
            lock.setAutoCommit(false);
            try (Statement s = lock.createStatement()) {
                s.execute("LOCK TABLE audit_logs IN ACCESS EXCLUSIVE MODE");
            }
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(REQUESTS);
            for (int i = 0; i < REQUESTS; i++) {
                String requestId = "stall-" + run + "-" + i;
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    long started = System.nanoTime();
                    Response r = given().auth().oauth2(token).contentType("application/json")
                            .header("X-Request-ID", requestId).body(ALICE_APPROVES).post("/api/v1/authz/check");
                    answers.add(new Answer(requestId, r.statusCode(), r.header("X-Plystra-Error-Code"),
                            r.path("error.message"), (System.nanoTime() - started) / 1_000_000));
                    done.countDown();
                });
                t.start();
            }
            go.countDown();
            done.await();
            lock.rollback();
        }

        Map<String, Long> byOutcome = answers.stream().collect(Collectors.groupingBy(a -> a.status() + " " + a.code(), Collectors.counting()));
        List<Answer> refusedAtOnce = answers.stream().filter(a -> a.message().contains("not keeping up")).toList();
        List<Answer> timedOut = answers.stream().filter(a -> a.message().contains("did not commit in time")).toList();
        long slowest = answers.stream().mapToLong(Answer::millis).max().orElse(0);
        System.out.printf("stalled audit log: %s; %d refused at once, %d after the commit timeout, slowest %d ms%n",
                byOutcome, refusedAtOnce.size(), timedOut.size(), slowest);
        assertEquals(Map.of("503 OVERLOADED", (long) REQUESTS), byOutcome, "nothing is answered while its row cannot commit");
        // Bounded by the 2 s commit timeout plus the client's own overhead (80 threads on a shared machine).
        assertTrue(slowest < 8000, "latency bounded by the commit timeout; slowest " + slowest + " ms");
        assertTrue(!refusedAtOnce.isEmpty() && !timedOut.isEmpty(), "the full queue refuses at once, the queued time out");
        assertEquals(REQUESTS, refusedAtOnce.size() + timedOut.size());
        long slowestRefusal = refusedAtOnce.stream().mapToLong(Answer::millis).max().orElse(0);
        long fastestTimeout = timedOut.stream().mapToLong(Answer::millis).min().orElse(0);
        assertTrue(fastestTimeout >= 2000, "a queued decision waits out the commit timeout: " + fastestTimeout + " ms");
        System.out.printf("refusals took at most %d ms, timeouts at least %d ms%n", slowestRefusal, fastestTimeout);

        // The queued rows are written once the lock is gone; the refused-at-once ones never were queued.
        Set<String> queued = timedOut.stream().map(Answer::requestId).collect(Collectors.toSet());
        long deadline = System.currentTimeMillis() + 10_000;
        Set<String> written = Set.of();
        while (System.currentTimeMillis() < deadline && !written.containsAll(queued)) {
            written = TestDatabase.rows("SELECT request_id FROM audit_logs WHERE request_id LIKE ?", "stall-" + run + "-%")
                    .stream().map(r -> (String) r.get("request_id")).collect(Collectors.toSet());
            Thread.sleep(100);
        }
        assertEquals(queued, written, "every queued row is written, no other");
        given().auth().oauth2(token).contentType("application/json").body(ALICE_APPROVES).post("/api/v1/authz/check")
                .then().statusCode(200);
    }
}
