package io.plystra.cli;

import static io.plystra.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.plystra.audit.AuditChain;
import io.plystra.audit.AuditIds;
import io.plystra.audit.AuditRecord;
import io.plystra.kernel.DatabaseUrl;

/**
 * {@code plystractl audit retention} (what the AUDIT_RETENTION_MONTHS job runs): an old month is exported, then its
 * partition dropped; the chain it cut still verifies, anchored by the audited cut row; a row deleted after the cut,
 * a changed cut and a month whose rows interleave with kept ones are each caught or refused.
 */
class AuditRetentionCliTest {

    static final String CHAIN = "chn_00000000000000aa";

    @TempDir
    Path dir;
    Map<String, String> db;
    String prevHash;
    long seq;

    /** A new database with one decision chain: rows #1-#4 in January 2025, a checkpoint over them, rows #5-#7 now. */
    @BeforeEach
    void aChainAcrossTwoMonths() throws Exception {
        db = Cli.freshDatabase("plystra_retention");
        assertEquals(0, run(db, "migrate", "up").code());
        Cli.execute(db, "SELECT plystra_ensure_audit_partition('2025-01-10T00:00:00Z')");
        prevHash = AuditChain.genesis(CHAIN);
        seq = 0;
        Instant january = Instant.parse("2025-01-10T08:00:00Z");
        for (int i = 0; i < 4; i++) {
            append(january.plusSeconds(i));
        }
        assertEquals(0, run(db, "audit", "checkpoint").code());
        for (int i = 0; i < 3; i++) {
            append(Instant.now().truncatedTo(ChronoUnit.MICROS));
        }
        Cli.Result before = run(db, "audit", "verify");
        assertEquals(0, before.code(), before.err());
    }

    @Test
    void anOldMonthIsExportedThenDroppedAndTheChainStillVerifies() throws Exception {
        Cli.Result r = run(db, "audit", "retention", "--months", "1", "--export-dir", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("ok: dropped {audit_logs_2025_01=4}"), r.out());
        assertEquals(0, Cli.count(db, "SELECT count(*) FROM pg_class WHERE relname = 'audit_logs_2025_01'"), "the partition is gone");
        assertEquals(3, Cli.count(db, "SELECT count(*) FROM audit_logs WHERE chain_id = '" + CHAIN + "'"));

        List<String> exported;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve("audit_logs_2025_01.ndjson.gz")))) {
            exported = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        assertEquals(5, exported.size(), "four rows and the trailer");
        assertTrue(exported.get(3).contains("\"chain_seq\":4"), exported.get(3));
        assertTrue(exported.get(4).startsWith("{\"next_cursor\":\"" + CHAIN + ":4:"), exported.get(4));

        assertEquals(1, Cli.count(db, "SELECT count(*) FROM audit_logs WHERE action = 'audit_retention.cut' "
                + "AND (trace->'after'->'anchors'->'" + CHAIN + "'->>'seq')::int = 4"), "the cut is audited with the chain's anchor");
        Cli.Result verified = run(db, "audit", "verify");
        assertEquals(0, verified.code(), verified.err());
        assertTrue(verified.out().contains("1 chain anchored across the retention cut"), verified.out());

        Cli.Result again = run(db, "audit", "retention", "--months", "1", "--export-dir", dir.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().startsWith("ok: no audit partition"), again.out());

        Cli.execute(db, "SET session_replication_role = replica",
                "DELETE FROM audit_logs WHERE chain_id = '" + CHAIN + "' AND chain_seq = 5");
        Cli.Result deleted = run(db, "audit", "verify");
        assertEquals(1, deleted.code());
        assertTrue(deleted.err().contains("rows #1 to #5 of its chain are missing"), deleted.err());
    }

    @Test
    void aChangedCutIsCaught() throws Exception {
        assertEquals(0, run(db, "audit", "retention", "--months", "1", "--export-dir", dir.toString()).code());
        Cli.execute(db, "SET session_replication_role = replica", "UPDATE audit_logs SET trace = jsonb_set(trace, '{after,anchors,"
                + CHAIN + ",seq}', '3') WHERE action = 'audit_retention.cut'");
        Cli.Result r = run(db, "audit", "verify");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("its content no longer matches its hash"), r.err());
    }

    @Test
    void aMonthWhoseRowsInterleaveWithKeptOnesIsNotDropped() throws Exception {
        Cli.execute(db, "SELECT plystra_ensure_audit_partition('2025-02-10T00:00:00Z')");
        append(Instant.parse("2025-02-10T08:00:00Z"));
        Cli.Result r = run(db, "audit", "retention", "--months", "1", "--export-dir", dir.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("keeps row #5 while row #8 would be dropped"), r.err());
        assertEquals(2, Cli.count(db, "SELECT count(*) FROM pg_class WHERE relname IN ('audit_logs_2025_01', 'audit_logs_2025_02')"));
        assertEquals(0, Cli.count(db, "SELECT count(*) FROM audit_logs WHERE action = 'audit_retention.cut'"));
        assertFalse(Files.exists(dir.resolve("audit_logs_2025_01.ndjson.gz")), "refused before anything was written");
        assertEquals(2, run(db, "audit", "retention", "--months", "x", "--export-dir", dir.toString()).code());
        assertEquals(2, run(db, "audit", "retention", "--months", "1").code());
    }

    /** One decision row at the end of the chain, hashed as the audit writer does. */
    private void append(Instant at) throws SQLException {
        seq++;
        AuditRecord row = new AuditRecord(AuditIds.next(at), at, "space_retention", null, null, null, "invoice:read", "invoice",
                "invoice_" + seq, "deny", "NO_PERMISSION", "req_" + seq, null, null, null, List.of());
        String rowHash = AuditChain.rowHash(prevHash, AuditChain.canonicalRow(CHAIN, seq, row));
        DatabaseUrl url = DatabaseUrl.parse(db.get("PLYSTRA_DATABASE_URL"));
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.username(), url.password());
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO audit_logs (id, created_at, space_id, action, resource_type, resource_id, decision, deny_code,
                                             request_id, chain_id, chain_seq, prev_hash, row_hash)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            Object[] values = {row.id(), Timestamp.from(at), row.spaceId(), row.action(), row.resourceType(), row.resourceId(),
                    row.decision(), row.denyCode(), row.requestId(), CHAIN, seq, prevHash, rowHash};
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i]);
            }
            ps.executeUpdate();
        }
        prevHash = rowHash;
    }
}
