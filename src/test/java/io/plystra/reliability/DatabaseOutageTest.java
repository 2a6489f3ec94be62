package io.plystra.reliability;

import static io.plystra.testsupport.Api.actor;
import static io.plystra.testsupport.Api.asAdmin;
import static io.plystra.testsupport.Api.check;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.plystra.dev.EmbeddedPostgres;
import io.plystra.testsupport.Api;
import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.PostgresTestResource;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * PostgreSQL stopped under a check load: no decision is answered without its audit row, checks fail
 * fast with 503, readiness turns 503 within 2 s, and the service answers again within 5 s of the
 * database's return, without a restart. Measured numbers are printed (docs/reliability.md).
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
class DatabaseOutageTest {

    static final Map<String, Object> ALICE_APPROVES = check(actor("user_alice", "um_alice_finance_reviewer"), "invoice",
            "invoice_001", "approve");
    static final int WORKERS = 4;

    record Answer(String requestId, int status, long micros, long sentAt, long at, String auditLogId, String errorCode) {
    }

    @Test
    void noDecisionWithoutItsAuditRowThroughAnOutage() throws Exception {
        EmbeddedPostgres pg = PostgresTestResource.server();
        Assumptions.assumeTrue(pg != null, "needs the embedded test database");
        asAdmin().body(ALICE_APPROVES).post("/api/v1/authz/check").then().statusCode(200);
        String token = Api.login(Api.ALICE);

        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        String run = Long.toHexString(System.nanoTime());
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            int worker = w;
            Thread t = new Thread(() -> {
                for (int n = 0; running.get(); n++) {
                    String requestId = "outage-" + run + "-" + worker + "-" + n;
                    long started = System.nanoTime();
                    Response r = given().auth().oauth2(token).contentType("application/json")
                            .header("X-Request-ID", requestId).body(ALICE_APPROVES).post("/api/v1/authz/check");
                    long micros = (System.nanoTime() - started) / 1000;
                    answers.add(new Answer(requestId, r.statusCode(), micros, started, System.nanoTime(),
                            r.statusCode() == 200 ? r.path("data.audit_log_id") : null, r.header("X-Plystra-Error-Code")));
                }
            });
            t.start();
            workers.add(t);
        }

        Thread.sleep(1500);
        pg.close();
        long downAt = System.nanoTime(); // the server has stopped: requests sent from now on cannot commit
        long readyDownMillis = waitFor(() -> given().get("/api/v1/ready").statusCode() == 503, Duration.ofSeconds(5));
        Thread.sleep(2000);
        long restartedAt;
        // Answers that arrive once the restart has begun may come from the restarted database.
        long restartBegins = System.nanoTime();
        try {
            assertTrue(readyDownMillis >= 0 && readyDownMillis <= 2000, "ready 503 within 2 s; took " + readyDownMillis + " ms");
        } finally {
            pg.restart(false);
            restartedAt = System.nanoTime();
        }
        long checkBackMillis = waitFor(() -> answers.stream().anyMatch(a -> a.at() > restartedAt && a.status() == 200),
                Duration.ofSeconds(15));
        Thread.sleep(1000);
        running.set(false);
        for (Thread t : workers) {
            t.join();
        }

        Map<Integer, Long> byStatus = answers.stream().collect(Collectors.groupingBy(Answer::status, TreeMap::new, Collectors.counting()));
        List<Answer> during = answers.stream().filter(a -> a.sentAt() > downAt && a.at() < restartBegins).toList();
        long slowestOutageAnswer = during.stream().mapToLong(Answer::micros).max().orElse(0) / 1000;
        List<Answer> allowed = answers.stream().filter(a -> a.status() == 200).toList();
        Set<String> auditedRequests = TestDatabase.rows("SELECT request_id FROM audit_logs WHERE request_id LIKE ?",
                "outage-" + run + "-%").stream().map(r -> (String) r.get("request_id")).collect(Collectors.toSet());
        List<String> unaudited = allowed.stream().map(Answer::requestId).filter(id -> !auditedRequests.contains(id)).toList();
        System.out.printf("database outage: answers %s; ready 503 after %d ms; %d answers during the outage, slowest %d ms; "
                        + "first 200 %d ms after the restart; %d answered decisions, %d without an audit row%n",
                byStatus, readyDownMillis, during.size(), slowestOutageAnswer, checkBackMillis, allowed.size(), unaudited.size());

        assertEquals(List.of(), unaudited, "every answered decision has its audit row");
        assertTrue(byStatus.keySet().stream().allMatch(s -> s == 200 || s == 503), "only 200 and 503: " + byStatus);
        assertTrue(!during.isEmpty() && during.stream().allMatch(a -> a.status() == 503), "503 while the database is down");
        assertTrue(slowestOutageAnswer < 2000, "checks fail fast during the outage; slowest " + slowestOutageAnswer + " ms");
        assertTrue(checkBackMillis >= 0 && checkBackMillis <= 5000, "decisions again within 5 s; took " + checkBackMillis + " ms");
        given().get("/api/v1/ready").then().statusCode(200);
    }

    /** Milliseconds until {@code condition} held, polled every 10 ms; -1 when it did not within {@code limit}. */
    private static long waitFor(java.util.function.BooleanSupplier condition, Duration limit) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < limit.toNanos()) {
            if (condition.getAsBoolean()) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(10);
        }
        return -1;
    }
}
