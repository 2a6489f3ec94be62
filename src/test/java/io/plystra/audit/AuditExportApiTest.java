package io.plystra.audit;

import static io.plystra.testsupport.Api.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.plystra.session.Accounts;
import io.plystra.testsupport.Api;
import io.plystra.testsupport.DemoProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * {@code GET /audit/export}: the rows since the test began, in chain order, every line verifiable
 * against its chain, filtered, and resumable.
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
class AuditExportApiTest {

    static final Map<String, Object> ALICE = Api.actor("user_alice", "um_alice_finance_reviewer");
    static final ObjectMapper JSON = new ObjectMapper();

    String from;
    List<String> decisions;
    String spaceId;

    @BeforeEach
    void decisionsAndAMutation() {
        from = Instant.now().minusMillis(1).toString();
        decisions = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            decisions.add(asAdmin().body(Api.check(ALICE, "invoice", i % 2 == 0 ? "invoice_001" : "invoice_002", "approve"))
                    .post("/api/v1/authz/check").then().statusCode(200).extract().header("X-Plystra-Audit-Log-ID"));
        }
        spaceId = asAdmin().body(Map.of("name", "Export " + System.nanoTime())).post("/api/v1/spaces")
                .then().statusCode(201).extract().path("data.id");
    }

    @Test
    void rowsComeInChainOrderEachVerifiableAgainstItsChain() {
        List<JsonNode> rows = rows(export(asAdmin(), Map.of("from", from)));
        Set<String> ids = ids(rows);
        assertTrue(ids.containsAll(decisions), "every decision since the start: " + ids);
        assertTrue(rows.stream().anyMatch(r -> r.path("chain_id").asText().equals(AuditChain.MUTATIONS)
                && r.path("resource_id").asText().equals(spaceId)), "the space's creation");
        for (int i = 1; i < rows.size(); i++) {
            assertTrue(ORDER.compare(rows.get(i - 1), rows.get(i)) < 0, "chain order at line " + i + ": " + ids);
            JsonNode before = rows.get(i - 1);
            JsonNode row = rows.get(i);
            if (before.path("chain_id").equals(row.path("chain_id"))
                    && before.path("chain_seq").asLong() + 1 == row.path("chain_seq").asLong()) {
                assertEquals(before.path("row_hash").asText(), row.path("prev_hash").asText(), "linked");
            }
        }
        for (JsonNode row : rows) {
            String canonical = AuditChain.canonicalRow(row.path("chain_id").asText(), row.path("chain_seq").asLong(), record(row));
            assertEquals(row.path("row_hash").asText(), AuditChain.rowHash(row.path("prev_hash").asText(), canonical),
                    "the exported row verifies: " + row.path("id"));
        }
        // Every column as GET /audit/logs/{id} shows it, the trace expanded.
        JsonNode exported = rows.stream().filter(r -> r.path("id").asText().equals(decisions.get(1))).findFirst().orElseThrow();
        JsonNode detail = json(asAdmin().get("/api/v1/audit/logs/" + decisions.get(1)).then().statusCode(200)
                .extract().asString()).path("data");
        detail.fieldNames().forEachRemaining(f -> assertEquals(detail.path(f), exported.path(f), f));
        assertEquals("deny", exported.path("decision").asText());
    }

    @Test
    void kindAndSpaceFilter() {
        List<JsonNode> mutations = rows(export(asAdmin(), Map.of("from", from, "kind", "mutations")));
        assertFalse(mutations.isEmpty());
        assertTrue(mutations.stream().allMatch(r -> r.path("chain_id").asText().equals(AuditChain.MUTATIONS)));
        List<JsonNode> decided = rows(export(asAdmin(), Map.of("from", from, "kind", "decisions")));
        assertTrue(ids(decided).containsAll(decisions));
        assertTrue(decided.stream().noneMatch(r -> r.path("chain_id").asText().equals(AuditChain.MUTATIONS)));
        assertEquals(ids(rows(export(asAdmin(), Map.of("from", from)))).size(), mutations.size() + decided.size());

        List<JsonNode> acme = rows(export(asAdmin(), Map.of("from", from, "space_id", "space_acme")));
        assertTrue(ids(acme).containsAll(decisions));
        assertTrue(acme.stream().allMatch(r -> r.path("space_id").asText().equals("space_acme")));
        assertTrue(rows(export(asAdmin(), Map.of("from", Instant.now().plusSeconds(3600).toString()))).isEmpty());
        assertTrue(rows(export(asAdmin(), Map.of("to", from, "kind", "decisions"))).stream().noneMatch(r -> decisions.contains(r.path("id").asText())));
    }

    @Test
    void theCursorResumesWithExactlyTheRest() {
        List<String> lines = export(asAdmin(), Map.of("from", from));
        List<JsonNode> rows = rows(lines);
        assertTrue(rows.size() >= 5);
        for (int k : new int[] {0, 2, rows.size() - 2}) {
            JsonNode at = rows.get(k);
            String cursor = at.path("chain_id").asText() + ":" + at.path("chain_seq").asLong() + ":" + at.path("id").asText();
            List<String> rest = export(asAdmin(), Map.of("from", from, "cursor", cursor));
            assertEquals(lines.subList(k + 1, lines.size()), rest, "resumed after line " + k);
        }
        String next = json(lines.get(lines.size() - 1)).path("next_cursor").asText();
        JsonNode last = rows.get(rows.size() - 1);
        assertEquals(last.path("chain_id").asText() + ":" + last.path("chain_seq").asLong() + ":" + last.path("id").asText(), next);
        List<String> none = export(asAdmin(), Map.of("from", from, "cursor", next));
        assertEquals(List.of("{\"next_cursor\":\"" + next + "\"}"), none, "nothing after the end, and the same cursor");
        assertNull(json(export(asAdmin(), Map.of("from", Instant.now().plusSeconds(3600).toString())).get(0)).path("next_cursor")
                .textValue(), "an empty export from the start has no cursor");
    }

    @Test
    void badParametersAreRefusedNamingThem() {
        refused(Map.of("from", "yesterday"), "from");
        refused(Map.of("to", "2026-13-01T00:00:00Z"), "to");
        refused(Map.of("from", "2026-01-02T00:00:00Z", "to", "2026-01-01T00:00:00Z"), "to");
        refused(Map.of("kind", "everything"), "kind");
        refused(Map.of("cursor", "garbage"), "cursor");
        refused(Map.of("cursor", "mutations:x:aud_1"), "cursor");
        refused(Map.of("space_id", "a\u0001b"), "space_id");
        refused(Map.of("limit", "10"), "limit");
    }

    @Test
    void aSpaceReaderExportsOnlyItsSpaces() {
        String plain = Accounts.accessToken(Accounts.newUser("noexport"));
        Accounts.as(plain).get("/api/v1/audit/export").then().statusCode(403).body("error.details.permission", equalTo("audit:read"));

        String user = Accounts.newUser("exporter");
        Accounts.grant(user, "space_admin", "space_acme", "audit:read");
        String token = Accounts.accessToken(user);
        List<JsonNode> all = rows(export(asAdmin(), Map.of("from", from)));
        assertTrue(all.stream().anyMatch(r -> !"space_acme".equals(r.path("space_id").textValue())), "rows of other spaces exist");
        Set<String> acme = all.stream().filter(r -> "space_acme".equals(r.path("space_id").textValue()))
                .map(r -> r.path("id").asText()).collect(Collectors.toSet());
        assertEquals(acme, ids(rows(export(Accounts.as(token), Map.of("from", from)))));
        assertEquals(acme, ids(rows(export(Accounts.as(token), Map.of("from", from, "space_id", "space_acme")))));
        Accounts.as(token).queryParam("space_id", spaceId).get("/api/v1/audit/export").then().statusCode(403);
    }

    @Test
    void gzipWhenAskedOnlyTheExportIsCompressed() throws Exception {
        List<String> plain = export(asAdmin(), Map.of("from", from));
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<byte[]> gz = client.send(HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                        + "/api/v1/audit/export?from=" + from)).header("Authorization", "Bearer " + Api.login(Api.ALICE))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, gz.statusCode());
        assertEquals("gzip", gz.headers().firstValue("Content-Encoding").orElse(null), gz.headers().map().toString());
        String unzipped;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.body()))) {
            unzipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(ids(rows(plain)), ids(rows(unzipped.lines().toList())));

        HttpResponse<String> check = client.send(HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                        + "/api/v1/authz/check")).header("Authorization", "Bearer " + Api.login(Api.ALICE))
                .header("Content-Type", "application/json").header("Accept-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Api.check(ALICE, "invoice", "invoice_001", "approve")))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, check.statusCode());
        assertEquals("identity", check.headers().firstValue("Content-Encoding").orElse("identity"), "a decision is never compressed");
        assertTrue(check.body().startsWith("{"), check.body());
    }

    private static final Comparator<JsonNode> ORDER = Comparator.<JsonNode, String>comparing(r -> r.path("chain_id").asText(""))
            .thenComparingLong(r -> r.path("chain_seq").asLong(0)).thenComparing(r -> r.path("id").asText());

    private static void refused(Map<String, String> query, String field) {
        asAdmin().queryParams(query).get("/api/v1/audit/export").then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_FAILED")).body("error.details.fields." + field, notNullValue());
    }

    /** The lines of an export, the trailer last. */
    private static List<String> export(RequestSpecification as, Map<String, String> query) {
        Response r = as.queryParams(new HashMap<>(query)).get("/api/v1/audit/export");
        r.then().statusCode(200).contentType(AuditExport.MEDIA_TYPE);
        List<String> lines = r.asString().lines().toList();
        assertTrue(r.asString().endsWith("\n"), "every line ends in a newline");
        assertTrue(json(lines.get(lines.size() - 1)).has("next_cursor"), "the trailer comes last");
        return lines;
    }

    /** The rows of an export: every line but the trailer. */
    private static List<JsonNode> rows(List<String> lines) {
        return lines.subList(0, lines.size() - 1).stream().map(AuditExportApiTest::json).toList();
    }

    private static Set<String> ids(List<JsonNode> rows) {
        return rows.stream().map(r -> r.path("id").asText()).collect(Collectors.toSet());
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The row as its hash covers it: the stored trace, snapshot references in place. */
    private static AuditRecord record(JsonNode r) {
        JsonNode stored = r.path("stored_trace");
        return new AuditRecord(r.path("id").asText(), Instant.parse(r.path("created_at").asText()), r.path("space_id").textValue(),
                r.path("actor_user_id").textValue(), r.path("actor_member_id").textValue(), r.path("actor_user_member_id").textValue(),
                r.path("action").textValue(), r.path("resource_type").textValue(), r.path("resource_id").textValue(),
                r.path("decision").textValue(), r.path("deny_code").textValue(), r.path("request_id").textValue(),
                r.path("ip_address").textValue(), r.path("user_agent").textValue(),
                stored.isNull() ? null : CanonicalJson.of(stored.toString()), List.of());
    }
}
