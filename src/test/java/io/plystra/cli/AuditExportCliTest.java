package io.plystra.cli;

import static io.plystra.cli.Cli.run;
import static io.plystra.testsupport.Api.actor;
import static io.plystra.testsupport.Api.asAdmin;
import static io.plystra.testsupport.Api.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.plystra.testsupport.DemoProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * {@code plystractl audit export} and {@code audit import}: the command writes the route's lines,
 * gzip when the file asks for it, and a whole export loaded into a new database verifies there with
 * {@code audit verify}; a partial export, a second import and a changed row are refused or caught.
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
class AuditExportCliTest {

    static final Map<String, Object> ALICE = actor("user_alice", "um_alice_finance_reviewer");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeEach
    void decisionsAndMutations() {
        for (int i = 0; i < 6; i++) {
            asAdmin().body(check(ALICE, "invoice", "invoice_001", i % 2 == 0 ? "approve" : "read")).post("/api/v1/authz/check")
                    .then().statusCode(200);
        }
        asAdmin().body(Map.of("name", "Transfer " + System.nanoTime())).post("/api/v1/spaces").then().statusCode(201);
    }

    @Test
    void theCommandWritesTheRoutesLinesPlainOrGzip() throws Exception {
        String from = Instant.now().minusSeconds(3600).toString();
        Cli.Result plain = run(Cli.testDatabase(), "audit", "export", "--from", from, "--kind", "decisions");
        assertEquals(0, plain.code(), plain.err());
        List<String> lines = plain.out().lines().toList();
        assertTrue(JSON.readTree(lines.get(lines.size() - 1)).has("next_cursor"), "the trailer comes last");
        List<String> rows = lines.subList(0, lines.size() - 1);
        assertTrue(rows.size() >= 6, "the decisions are exported");
        assertTrue(rows.stream().allMatch(l -> !l.contains("\"chain_id\":\"mutations\"")), "only decisions");

        String route = asAdmin().queryParam("from", from).queryParam("kind", "decisions").get("/api/v1/audit/export").asString();
        List<String> routeLines = route.lines().toList();
        assertEquals(rows, routeLines.subList(0, rows.size()), "the route and the command write the same lines");

        Path gz = dir.resolve("decisions.ndjson.gz");
        Cli.Result zipped = run(Cli.testDatabase(), "audit", "export", "--from", from, "--kind", "decisions", "-o", gz.toString());
        assertEquals(0, zipped.code(), zipped.err());
        assertTrue(zipped.out().matches("ok: [0-9]+ audit rows exported to .*\\R"), zipped.out());
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            List<String> unzipped = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertEquals(rows, unzipped.subList(0, rows.size()));
        }

        assertEquals(2, run(Cli.testDatabase(), "audit", "export", "--kind", "everything").code());
        assertEquals(2, run(Cli.testDatabase(), "audit", "export", "--from").code());
        assertEquals(2, run(Cli.testDatabase(), "audit", "export", "--colour", "red").code());
        assertEquals(2, run(Cli.testDatabase(), "audit", "import").code());
    }

    @Test
    void aWholeExportImportsIntoAnEmptyDatabaseAndVerifies() throws Exception {
        Path whole = dir.resolve("whole.ndjson.gz");
        assertEquals(0, run(Cli.testDatabase(), "audit", "export", "-o", whole.toString()).code());
        Map<String, String> copy = Cli.freshDatabase("plystra_import");
        assertEquals(0, run(copy, "migrate", "up").code());

        Cli.Result imported = run(copy, "audit", "import", whole.toString());
        assertEquals(0, imported.code(), imported.err());
        long exported = lines(whole) - 1;
        assertTrue(imported.out().startsWith("ok: " + exported + " audit rows imported"), imported.out());
        Cli.Result verified = run(copy, "audit", "verify");
        assertEquals(0, verified.code(), verified.out() + verified.err());
        assertEquals(exported + 1, Cli.count(copy, "SELECT count(*) FROM audit_logs"), "every row and the import's own");
        assertEquals(1, Cli.count(copy, "SELECT count(*) FROM audit_logs WHERE action = 'audit_log.imported'"));
        assertEquals(Cli.count(copy, "SELECT count(*) FROM audit_logs WHERE trace::text LIKE '%$snapshot%'"),
                Cli.count(copy, "SELECT count(*) FROM audit_logs WHERE trace::text LIKE '%$snapshot%' "
                        + "AND NOT plystra_expand_trace(trace)::text LIKE '%$snapshot%'"), "every snapshot a trace refers to came along");

        Cli.Result again = run(copy, "audit", "import", whole.toString());
        assertEquals(1, again.code());
        assertTrue(again.err().contains("already has audit rows"), again.err());

        Cli.execute(copy, "SET session_replication_role = replica",
                "UPDATE audit_logs SET request_id = 'req_tampered' WHERE id = (SELECT id FROM audit_logs WHERE decision IS NOT NULL LIMIT 1)");
        Cli.Result tampered = run(copy, "audit", "verify");
        assertEquals(1, tampered.code(), "a changed imported row is caught");
        assertTrue(tampered.err().contains("modified"), tampered.err());
    }

    @Test
    void aPartialExportIsRefusedAndNothingIsLoaded() throws Exception {
        Path recent = dir.resolve("recent.ndjson");
        assertEquals(0, run(Cli.testDatabase(), "audit", "export", "--from", Instant.now().minusSeconds(2).toString(), "-o", recent.toString()).code());
        Map<String, String> copy = Cli.freshDatabase("plystra_import_partial");
        assertEquals(0, run(copy, "migrate", "up").code());
        Cli.Result refused = run(copy, "audit", "import", recent.toString());
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("import takes a whole, unfiltered export"), refused.err());
        assertEquals(0, Cli.count(copy, "SELECT count(*) FROM audit_logs"), "one transaction: nothing was loaded");

        Path whole = dir.resolve("whole.ndjson");
        assertEquals(0, run(Cli.testDatabase(), "audit", "export", "-o", whole.toString()).code());
        List<String> wholeLines = Files.readAllLines(whole);
        Path cut = dir.resolve("cut.ndjson");
        Files.write(cut, wholeLines.subList(0, wholeLines.size() - 1));
        Cli.Result noTrailer = run(copy, "audit", "import", cut.toString());
        assertEquals(1, noTrailer.code());
        assertTrue(noTrailer.err().contains("no trailer line"), noTrailer.err());
    }

    private static long lines(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().count();
        }
    }
}
