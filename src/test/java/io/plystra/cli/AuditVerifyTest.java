package io.plystra.cli;

import static io.plystra.testsupport.Api.actor;
import static io.plystra.testsupport.Api.asAdmin;
import static io.plystra.testsupport.Api.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.plystra.audit.AuditChain;
import io.plystra.audit.AuditRecord;
import io.plystra.audit.AuditCheckpoints;
import io.plystra.audit.CanonicalJson;
import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.PostgresTestResource;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The tamper-evident audit log: decisions and admin mutations are chained and signed, and
 * {@code plystractl audit verify} names the first row a database superuser modified, deleted or
 * inserted behind the append-only trigger ({@code session_replication_role = replica} skips it).
 * Each tampering is undone afterwards, and verify is clean again.
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
class AuditVerifyTest {

    static final Map<String, Object> ALICE = actor("user_alice", "um_alice_finance_reviewer");

    @Inject
    AuditCheckpoints checkpoints;

    /** Exit code, standard output, standard error. */
    record Result(int code, String out, String err) {
    }

    @BeforeEach
    void someDecisionsAndAMutation() {
        for (int i = 0; i < 20; i++) {
            asAdmin().body(check(ALICE, "invoice", i % 2 == 0 ? "invoice_001" : "invoice_002", "approve"))
                    .post("/api/v1/authz/check").then().statusCode(200);
        }
        asAdmin().body(Map.of("name", "Verify " + System.nanoTime())).post("/api/v1/spaces").then().statusCode(201);
        assertTrue(checkpoints.signNow().await().indefinitely() > 0, "the moved chains are signed");
    }

    @Test
    void anUntouchedLogVerifies() {
        Result r = verify();
        assertEquals(0, r.code, r.out + r.err);
        long chained = (Long) TestDatabase.rows("SELECT count(*) AS n FROM audit_logs WHERE chain_id IS NOT NULL").get(0).get("n");
        assertTrue(chained >= 21);
        // Quiet success: one line on standard output, none on standard error.
        assertTrue(r.out.matches("ok: audit log verified: " + String.format(java.util.Locale.ROOT, "%,d", chained)
                + " rows in [1-9][0-9]* chains?, [0-9,]+ checkpoints? matched, [0-9,]+ snapshots?\\R"), r.out);
        assertEquals("", r.err);
    }

    @Test
    void aModifiedDecisionIsNamed() throws SQLException {
        String id = newest("decision = 'deny'");
        superuser("UPDATE audit_logs SET decision = 'allow', deny_code = NULL WHERE id = '" + id + "'");
        try {
            Result r = verify();
            assertEquals(1, r.code, r.out + r.err);
            assertTrue(firstProblem(r).startsWith("FAIL modified: " + id), r.err);
        } finally {
            superuser("UPDATE audit_logs SET decision = 'deny', deny_code = 'SCOPE_OUT_OF_BOUNDS' WHERE id = '" + id + "'");
        }
        assertEquals(0, verify().code);
    }

    @Test
    void aRowRewrittenTogetherWithItsHashIsNamed() throws SQLException {
        String id = newest("decision = 'deny' AND chain_id LIKE 'chn_%'");
        Map<String, Object> row = TestDatabase.rows("SELECT *, trace::text AS trace_text FROM audit_logs WHERE id = ?", id).get(0);
        AuditRecord forged = new AuditRecord(id, ((java.sql.Timestamp) row.get("created_at")).toInstant(),
                (String) row.get("space_id"), (String) row.get("actor_user_id"), (String) row.get("actor_member_id"),
                (String) row.get("actor_user_member_id"), (String) row.get("action"), (String) row.get("resource_type"),
                (String) row.get("resource_id"), "allow", null, (String) row.get("request_id"),
                (String) row.get("ip_address"), (String) row.get("user_agent"), CanonicalJson.of((String) row.get("trace_text")),
                List.of());
        String forgedHash = AuditChain.rowHash((String) row.get("prev_hash"),
                AuditChain.canonicalRow((String) row.get("chain_id"), (Long) row.get("chain_seq"), forged));
        superuser("UPDATE audit_logs SET decision = 'allow', deny_code = NULL, row_hash = '" + forgedHash + "' WHERE id = '" + id + "'");
        try {
            Result r = verify();
            assertEquals(1, r.code, r.out + r.err);
            assertTrue(firstProblem(r).startsWith("FAIL modified: " + id), r.err);
            assertTrue(!r.err.contains("its content no longer matches its hash"), "the row itself is consistent: " + r.err);
        } finally {
            superuser("UPDATE audit_logs SET decision = 'deny', deny_code = '" + row.get("deny_code") + "', row_hash = '"
                    + row.get("row_hash") + "' WHERE id = '" + id + "'");
        }
        assertEquals(0, verify().code);
    }

    @Test
    void aDeletedRowIsNamed() throws SQLException {
        Map<String, Object> victim = TestDatabase.rows("SELECT id, chain_id, chain_seq FROM audit_logs a "
                + "WHERE chain_id LIKE 'chn_%' AND chain_seq > 1 AND EXISTS (SELECT 1 FROM audit_logs b "
                + "WHERE b.chain_id = a.chain_id AND b.chain_seq = a.chain_seq + 1) ORDER BY created_at DESC LIMIT 1").get(0);
        Result r = verifyWithout((String) victim.get("id"));
        assertEquals(1, r.code, r.out + r.err);
        assertTrue(firstProblem(r).startsWith("FAIL deleted: "), r.err);
        assertTrue(firstProblem(r).contains("rows #" + victim.get("chain_seq") + " to #" + victim.get("chain_seq")), r.err);
        assertEquals(0, verify().code);
    }

    @Test
    void aDeletedSignedLastRowIsNamedByItsCheckpoint() throws SQLException {
        Map<String, Object> signed = TestDatabase.rows("SELECT a.id, a.chain_id, a.chain_seq FROM audit_logs a "
                + "JOIN audit_checkpoints c ON c.chain_id = a.chain_id AND c.chain_seq = a.chain_seq "
                + "WHERE NOT EXISTS (SELECT 1 FROM audit_logs b WHERE b.chain_id = a.chain_id AND b.chain_seq > a.chain_seq) "
                + "ORDER BY a.created_at DESC LIMIT 1").get(0);
        Result r = verifyWithout((String) signed.get("id"));
        assertEquals(1, r.code, r.out + r.err);
        assertTrue(r.err.contains("FAIL deleted: " + signed.get("chain_id") + "#" + signed.get("chain_seq")), r.err);
        assertEquals(0, verify().code);
    }

    @Test
    void anInsertedRowIsNamed() throws SQLException {
        superuser("INSERT INTO audit_logs (id, created_at, action, decision) "
                + "VALUES ('aud_forged', now() - interval '1 hour', 'approve', 'allow')");
        try {
            Result r = verify();
            assertEquals(1, r.code, r.out + r.err);
            assertTrue(firstProblem(r).startsWith("FAIL inserted: aud_forged"), r.err);
        } finally {
            superuser("DELETE FROM audit_logs WHERE id = 'aud_forged'");
        }
        assertEquals(0, verify().code);
    }

    @Test
    void aChangedSnapshotIsNamed() throws SQLException {
        String hash = (String) TestDatabase.rows("SELECT hash FROM audit_snapshots WHERE jsonb_typeof(body) = 'object' ORDER BY created_at DESC LIMIT 1").get(0).get("hash");
        superuser("UPDATE audit_snapshots SET body = body || '{\"forged\": true}' WHERE hash = '" + hash + "'");
        try {
            Result r = verify();
            assertEquals(1, r.code, r.out + r.err);
            assertTrue(r.err.contains("FAIL modified: snapshot " + hash), r.err);
        } finally {
            superuser("UPDATE audit_snapshots SET body = body - 'forged' WHERE hash = '" + hash + "'");
        }
        assertEquals(0, verify().code);
    }

    @Test
    void aForgedCheckpointIsNamed() throws SQLException {
        superuser("INSERT INTO audit_checkpoints (chain_id, chain_seq, row_hash, key_id, mac) "
                + "SELECT chain_id, chain_seq, row_hash, key_id, repeat('f', 64) FROM audit_checkpoints "
                + "ORDER BY created_at DESC LIMIT 1 ON CONFLICT DO NOTHING");
        superuser("INSERT INTO audit_checkpoints (chain_id, chain_seq, row_hash, key_id, mac) "
                + "SELECT 'chn_forged', 1, repeat('0', 64), key_id, repeat('f', 64) FROM audit_checkpoints LIMIT 1");
        try {
            Result r = verify();
            assertEquals(1, r.code, r.out + r.err);
            assertTrue(r.err.contains("FAIL inserted: checkpoint chn_forged#1"), r.err);
        } finally {
            superuser("DELETE FROM audit_checkpoints WHERE chain_id = 'chn_forged'");
        }
    }

    @Test
    void aWrongKeyCannotVouchForTheLog() {
        Result r = verify(Map.of("AUDIT_CHECKPOINT_KEY", "another-key-another-key-another-key"));
        assertEquals(1, r.code, r.out + r.err);
        assertTrue(r.err.contains("FAIL unverifiable: checkpoint"), r.err);
    }

    @Test
    void aRangeReadsOnlyItsRows() {
        Result r = verify(Map.of(), "--from", "2000-01-01T00:00:00Z", "--to", "2000-01-02T00:00:00Z");
        assertEquals(0, r.code, r.out + r.err);
        // Snapshots are read by --from only (a snapshot is shared by the rows after its first use).
        assertTrue(r.out.matches("ok: audit log verified: 0 rows in 0 chains, 0 checkpoints matched, [0-9,]+ snapshots? "
                + "\\(from 2000-01-01T00:00:00Z to 2000-01-02T00:00:00Z\\)\\R"), r.out);
        // A half-open range names its one end, never "to null" or "from null".
        Result since = verify(Map.of(), "--from", "2000-01-01T00:00:00Z");
        assertEquals(0, since.code, since.out + since.err);
        assertTrue(since.out.strip().endsWith(" (from 2000-01-01T00:00:00Z)") && !since.out.contains("null"), since.out);
        Result before = verify(Map.of(), "--to", "2000-01-02T00:00:00Z");
        assertEquals(0, before.code, before.out + before.err);
        assertTrue(before.out.matches("ok: audit log verified: 0 rows in 0 chains, 0 checkpoints matched, [0-9,]+ snapshots? "
                + "\\(before 2000-01-02T00:00:00Z\\)\\R"), before.out);
        assertEquals(2, verify(Map.of(), "--from", "yesterday").code);
    }

    @Test
    void canonicalJsonSurvivesJsonb() {
        String[] documents = {
                "{\"b\":1.50,\"a\":[1e20,-0.000001,3,1.0E-7,100.0],\"c\":\"\u00e9\\u2028\\\"\\\\\\n\\t\",\"d\":null,\"e\":{\"z\":1,\"y\":true,\"\":[]}}",
                "[{\"long\":9223372036854775807,\"big\":123456789012345678901234567890,\"neg\":-0.0}]",
                "\"plain\"", "0.1", "{}"};
        for (String document : documents) {
            String canonical = CanonicalJson.of(document);
            String stored = (String) TestDatabase.rows("SELECT CAST(CAST(? AS jsonb) AS text) AS t", canonical).get(0).get("t");
            assertEquals(canonical, CanonicalJson.of(stored), "jsonb round trip of " + document);
        }
    }

    private static String newest(String where) {
        return (String) TestDatabase.rows("SELECT id FROM audit_logs WHERE " + where + " ORDER BY created_at DESC LIMIT 1")
                .get(0).get("id");
    }

    private static String firstProblem(Result r) {
        assertEquals("", r.out, "a broken log prints its problems on standard error only");
        assertTrue(r.err.lines().allMatch(l -> l.startsWith("FAIL ")), "one FAIL line per problem: " + r.err);
        return r.err.lines().findFirst().orElse("");
    }

    /** Verifies with the row {@code id} deleted behind the trigger, then puts the row back. */
    private static Result verifyWithout(String id) throws SQLException {
        superuser("CREATE TABLE deleted_audit_row AS SELECT * FROM audit_logs WHERE id = '" + id + "'");
        superuser("DELETE FROM audit_logs WHERE id = '" + id + "'");
        try {
            return verify();
        } finally {
            superuser("INSERT INTO audit_logs SELECT * FROM deleted_audit_row");
            superuser("DROP TABLE deleted_audit_row");
        }
    }

    /** As the database superuser, with triggers (the append-only guard among them) skipped. */
    private static void superuser(String sql) throws SQLException {
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
            s.execute("SET session_replication_role = replica");
            s.execute(sql);
        }
    }

    private static Result verify() {
        return verify(Map.of());
    }

    private static Result verify(Map<String, String> extraEnv, String... options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        java.util.HashMap<String, String> env = new java.util.HashMap<>(extraEnv);
        env.put("PLYSTRA_DATABASE_URL", PostgresTestResource.url());
        String[] args = new String[options.length + 2];
        args[0] = "audit";
        args[1] = "verify";
        System.arraycopy(options, 0, args, 2, options.length);
        int code = new Plystractl(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]), env).run(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
