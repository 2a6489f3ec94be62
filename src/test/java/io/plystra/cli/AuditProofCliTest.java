package io.plystra.cli;

import static io.plystra.cli.Cli.run;
import static io.plystra.testsupport.Api.actor;
import static io.plystra.testsupport.Api.asAdmin;
import static io.plystra.testsupport.Api.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.plystra.platform.ProductionSafety;
import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * {@code plystractl audit checkpoint}, {@code audit prove} and {@code audit verify-proof}: a row is
 * proven from the database, the proof holds offline (no database in the environment), and a
 * changed row hash, audit-path sibling, Merkle root or signature each fails it with exit 1.
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
class AuditProofCliTest {

    static final Map<String, Object> ALICE = actor("user_alice", "um_alice_finance_reviewer");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeEach
    void someDecisionsAndMutations() {
        for (int i = 0; i < 5; i++) {
            asAdmin().body(check(ALICE, "invoice", "invoice_001", "approve")).post("/api/v1/authz/check").then().statusCode(200);
        }
        for (int i = 0; i < 2; i++) {
            asAdmin().body(Map.of("name", "Prove " + System.nanoTime())).post("/api/v1/spaces").then().statusCode(201);
        }
    }

    @Test
    void aCheckpointIsAuditedAndCoversItsOwnRow() {
        Cli.Result r = run(Cli.testDatabase(), "audit", "checkpoint");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().matches("ok: [1-9][0-9]* audit checkpoints? signed, [1-9][0-9]* with a Merkle root\\R"), r.out());
        assertEquals("", r.err());
        Map<String, Object> row = TestDatabase.rows("SELECT id, chain_id, chain_seq FROM audit_logs "
                + "WHERE action = 'audit_checkpoint.requested' ORDER BY chain_seq DESC LIMIT 1").get(0);
        assertEquals("mutations", row.get("chain_id"));
        assertEquals(1, TestDatabase.rows("SELECT 1 FROM audit_checkpoints WHERE chain_id = 'mutations' AND chain_seq = ? "
                + "AND merkle_root IS NOT NULL", row.get("chain_seq")).size(), "the checkpoint signs the row that asked for it");
        assertEquals(0, run(Cli.testDatabase(), "audit", "prove", (String) row.get("id")).code());
        assertEquals(0, run(Cli.testDatabase(), "audit", "verify").code(), "old and new checkpoints verify together");
    }

    @Test
    void aProofHoldsOfflineAndEveryTamperingFailsIt() throws Exception {
        assertEquals(0, run(Cli.testDatabase(), "audit", "checkpoint").code());
        String id = provableRow();
        Path proof = dir.resolve("proof.json");
        Cli.Result proved = run(Cli.testDatabase(), "audit", "prove", id, "-o", proof.toString());
        assertEquals(0, proved.code(), proved.out() + proved.err());
        assertTrue(proved.out().startsWith("ok: proof of " + id + " under checkpoint "), proved.out());

        // Offline: no PLYSTRA_DATABASE_URL at all; the key from the environment or from a file.
        Cli.Result ok = run(Map.of(), "audit", "verify-proof", proof.toString());
        assertEquals(0, ok.code(), ok.out() + ok.err());
        assertTrue(ok.out().matches("ok: audit row " + id + " \\(.+#[0-9]+\\) is leaf [0-9]+ of [0-9]+ under checkpoint .+\\R"), ok.out());
        Path key = Files.writeString(dir.resolve("key"), ProductionSafety.DEFAULT_AUDIT_CHECKPOINT_KEY + "\n");
        assertEquals(0, run(Map.of(), "audit", "verify-proof", proof.toString(), "--key", key.toString()).code());
        Path otherKey = Files.writeString(dir.resolve("other-key"), "another-key-another-key-another-key");
        assertFails("the checkpoint is signed with key", run(Map.of(), "audit", "verify-proof", proof.toString(),
                "--key", otherKey.toString()));

        // (a) the row: its hash in the proof, or the row in the database before proving.
        assertFails("do not lead to the checkpoint's Merkle root", verifyChanged(proof, p -> p.put("row_hash", "0".repeat(64))));
        superuser("UPDATE audit_logs SET row_hash = repeat('e', 64) WHERE id = '" + id + "'");
        try {
            Path fromTampered = dir.resolve("tampered.json");
            assertEquals(0, run(Cli.testDatabase(), "audit", "prove", id, "-o", fromTampered.toString()).code());
            assertFails("do not lead to the checkpoint's Merkle root", run(Map.of(), "audit", "verify-proof", fromTampered.toString()));
        } finally {
            superuser("UPDATE audit_logs SET row_hash = '" + JSON.readTree(proof.toFile()).get("row_hash").asText() + "' WHERE id = '" + id + "'");
        }
        // (b) one sibling of the audit path.
        assertFails("do not lead to the checkpoint's Merkle root", verifyChanged(proof, p -> {
            ArrayNode path = (ArrayNode) p.get("audit_path");
            path.set(path.size() - 1, JSON.getNodeFactory().textNode(flip(path.get(path.size() - 1).asText())));
        }));
        // (c) the checkpoint: its root (signed message kept, then made to match), its signature.
        assertFails("do not lead to the checkpoint's Merkle root", verifyChanged(proof,
                p -> cp(p).put("merkle_root", flip(cp(p).get("merkle_root").asText()))));
        assertFails("the checkpoint's signature is not valid", verifyChanged(proof, p -> {
            String root = cp(p).get("merkle_root").asText();
            cp(p).put("merkle_root", flip(root));
            cp(p).put("signed_message", cp(p).get("signed_message").asText().replace(root, flip(root)));
        }));
        assertFails("the checkpoint's signature is not valid", verifyChanged(proof, p -> cp(p).put("mac", flip(cp(p).get("mac").asText()))));
        // The untouched proof still holds.
        assertEquals(0, run(Map.of(), "audit", "verify-proof", proof.toString()).code());
    }

    @Test
    void badArgumentsAreUsageErrorsAndUnknownRowsFail() throws Exception {
        assertEquals(2, run(Cli.testDatabase(), "audit", "prove").code());
        assertEquals(2, run(Cli.testDatabase(), "audit", "prove", "a", "b").code());
        assertEquals(2, run(Cli.testDatabase(), "audit", "prove", "a", "-o").code());
        assertEquals(2, run(Map.of(), "audit", "verify-proof").code());
        assertEquals(2, run(Map.of(), "audit", "verify-proof", "f", "--key").code());
        assertEquals(2, run(Cli.testDatabase(), "audit", "checkpoint", "--now").code());
        assertEquals(2, run(Cli.testDatabase(), "audit", "frobnicate").code());
        Cli.Result unknown = run(Cli.testDatabase(), "audit", "prove", "aud_000000000000" + "0".repeat(16));
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("does not exist"), unknown.err());
        Path junk = Files.writeString(dir.resolve("junk.json"), "{\"hello\": 1}");
        assertFails("is not an audit proof", run(Map.of(), "audit", "verify-proof", junk.toString()));
    }

    /** A row whose checkpoint's tree has more than one leaf, so its audit path is not empty. */
    private static String provableRow() {
        return (String) TestDatabase.rows("SELECT a.id FROM audit_checkpoints c JOIN audit_logs a ON a.chain_id = c.chain_id "
                + "AND a.chain_seq BETWEEN c.first_seq AND c.chain_seq WHERE c.chain_seq > c.first_seq "
                + "ORDER BY c.created_at DESC, a.chain_seq LIMIT 1").get(0).get("id");
    }

    private Cli.Result verifyChanged(Path proof, Consumer<ObjectNode> change) throws Exception {
        ObjectNode p = (ObjectNode) JSON.readTree(proof.toFile());
        change.accept(p);
        Path changed = dir.resolve("changed.json");
        JSON.writeValue(changed.toFile(), p);
        return run(Map.of(), "audit", "verify-proof", changed.toString());
    }

    private static ObjectNode cp(ObjectNode proof) {
        return (ObjectNode) proof.get("checkpoint");
    }

    /** The same hex with its first digit changed. */
    private static String flip(String hex) {
        return (hex.charAt(0) == '0' ? "1" : "0") + hex.substring(1);
    }

    private static void assertFails(String problem, Cli.Result r) {
        assertEquals(1, r.code(), r.out() + r.err());
        assertEquals("", r.out());
        assertTrue(r.err().lines().allMatch(l -> l.startsWith("FAIL: ")) && r.err().contains(problem), r.err());
    }

    private static void superuser(String sql) throws SQLException {
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
            s.execute("SET session_replication_role = replica");
            s.execute(sql);
        }
    }
}
