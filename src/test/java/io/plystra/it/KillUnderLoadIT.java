package io.plystra.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.plystra.kernel.DatabaseUrl;

/**
 * The packaged server killed with SIGKILL under a check load (sync audit): every decision a client
 * received with 200 has its audit row (matched by request id), and `plystractl audit verify` finds
 * the hash chains intact: a crash loses only unanswered rows at a chain's end.
 */
class KillUnderLoadIT {

    static final int WORKERS = 8;
    static final String CHECK = "{\"actor\":{\"user_id\":\"user_alice\",\"member_id\":\"member_finance_reviewer\","
            + "\"user_member_id\":\"um_alice_finance_reviewer\",\"space_id\":\"space_acme\"},\"resource_type\":\"invoice\","
            + "\"resource_id\":\"invoice_001\",\"action\":\"approve\"}";

    @Test
    void everyAnsweredDecisionSurvivesAKill() throws Exception {
        String url = PackagedServer.freshDatabase("plystra_kill_");
        PackagedServer server = PackagedServer.start(url, "kill", true);
        String token = server.loginAlice();
        ConcurrentLinkedQueue<String> answered = new ConcurrentLinkedQueue<>();
        AtomicInteger failures = new AtomicInteger();
        String run = Long.toHexString(System.nanoTime());
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            int worker = w;
            Thread t = new Thread(() -> {
                for (int n = 0; ; n++) {
                    String requestId = "kill-" + run + "-" + worker + "-" + n;
                    try {
                        HttpResponse<String> r = server.postWithRequestId("/api/v1/authz/check", CHECK, token, requestId);
                        if (r.statusCode() == 200) {
                            answered.add(requestId);
                        }
                    } catch (IOException | InterruptedException e) {
                        failures.incrementAndGet();
                        return; // the server is gone
                    }
                }
            });
            t.start();
            workers.add(t);
        }
        Thread.sleep(3000);
        int beforeKill = answered.size();
        server.process().destroyForcibly(); // SIGKILL
        server.process().waitFor();
        for (Thread t : workers) {
            t.join(15_000);
        }

        DatabaseUrl db = DatabaseUrl.parse(url);
        Set<String> written = new HashSet<>();
        try (var c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
             var s = c.prepareStatement("SELECT request_id FROM audit_logs WHERE request_id LIKE ?")) {
            s.setString(1, "kill-" + run + "-%");
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    written.add(r.getString(1));
                }
            }
        }
        List<String> lost = answered.stream().filter(id -> !written.contains(id)).toList();
        System.out.printf("SIGKILL under load: %d decisions answered with 200 (%d before the kill signal), %d audit rows, "
                + "%d answered decisions without a row, %d requests cut off%n", answered.size(), beforeKill, written.size(),
                lost.size(), failures.get());
        assertTrue(answered.size() > 100, "the load ran: " + answered.size());
        assertEquals(List.of(), lost, "every 200 has its audit row");

        ProcessBuilder verifyCommand = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.plystra.cli.Plystractl", "audit", "verify")
                .redirectErrorStream(true);
        verifyCommand.environment().put("PLYSTRA_DATABASE_URL", url);
        Process verify = verifyCommand.start();
        verify.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        verify.getInputStream().transferTo(out);
        int code = verify.waitFor();
        String text = out.toString(StandardCharsets.UTF_8);
        System.out.println("audit verify after the kill: " + text.strip());
        assertEquals(0, code, text);
    }
}
