package io.plystra.authz;

import static io.plystra.testsupport.Api.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.opentelemetry.sdk.trace.data.SpanData;
import io.plystra.testsupport.Api;
import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A W3C traceparent is honoured: a sampled parent gets the request's span and, under it, the
 * snapshot load, the engine (with the decision's trace id) and the audit write, all in the caller's
 * trace; the audit row carries the trace and span ids. A request without one is not traced.
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
class TracingTest {

    @Test
    void aSampledTraceparentGetsTheDecisionsSpansAndItsIdsInTheAuditRow() throws Exception {
        String traceId = HexFormat.of().formatHex(bytes(16));
        String parent = HexFormat.of().formatHex(bytes(8));
        var answer = asAdmin().header("traceparent", "00-" + traceId + "-" + parent + "-01")
                .body(Api.check(Api.actor("user_alice", "um_alice_finance_reviewer"), "invoice", "invoice_001", "approve"))
                .post("/api/v1/authz/check");
        answer.then().statusCode(200);
        String decisionTrace = answer.path("data.trace_id");

        List<SpanData> spans = awaitSpans(traceId, 4);
        Map<String, SpanData> byName = spans.stream().collect(Collectors.toMap(SpanData::getName, s -> s, (a, b) -> a));
        for (String step : List.of("plystra.snapshot.load", "plystra.engine.decide", "plystra.audit.write")) {
            assertTrue(byName.containsKey(step), step + " in " + byName.keySet());
        }
        SpanData engine = byName.get("plystra.engine.decide");
        assertEquals(decisionTrace, engine.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("plystra.trace_id")));
        SpanData server = spans.stream().filter(s -> parent.equals(s.getParentSpanId())).findFirst().orElseThrow(
                () -> new AssertionError("no span is the caller's child: " + spans));
        assertEquals(server.getSpanId(), engine.getParentSpanId(), "the steps hang under the request's span");

        String audit = answer.header("X-Plystra-Audit-Log-ID");
        var row = TestDatabase.rows("SELECT trace->'otel'->>'trace_id' AS trace_id, trace->'otel'->>'span_id' AS span_id "
                + "FROM audit_logs WHERE id = ?", audit).get(0);
        assertEquals(traceId, row.get("trace_id"));
        assertEquals(server.getSpanId(), row.get("span_id"));
    }

    @Test
    void aRequestWithoutTraceparentIsNotTraced() {
        var answer = asAdmin().body(Api.check(Api.actor("user_alice", "um_alice_finance_reviewer"), "invoice", "invoice_001", "approve"))
                .post("/api/v1/authz/check");
        answer.then().statusCode(200);
        assertNull(TestDatabase.rows("SELECT trace->'otel' AS otel FROM audit_logs WHERE id = ?",
                answer.header("X-Plystra-Audit-Log-ID")).get(0).get("otel"));
    }

    private static List<SpanData> awaitSpans(String traceId, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        List<SpanData> spans = List.of();
        while (System.nanoTime() < deadline) {
            spans = CollectedSpans.SPANS.stream().filter(s -> s.getTraceId().equals(traceId)).toList();
            if (spans.size() >= atLeast) {
                return spans;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("spans of " + traceId + ": " + spans);
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        b[0] |= 1;
        return b;
    }
}
