import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.plystra.audit.AuditChain;
import io.plystra.audit.AuditCheckpoints;
import io.plystra.audit.AuditIds;
import io.plystra.audit.AuditRecord;
import io.plystra.audit.CanonicalJson;

/**
 * Fills an audit log with ROWS decision rows for the export and proof benchmarks (bench/export.sh): CHAINS decision
 * chains written round-robin, each row hashed and linked as the audit writer does (so `plystractl audit verify`
 * passes), a 600-byte trace, one second apart ending now, and a Merkle checkpoint every EVERY rows (the service
 * signs one every 10 s: 50,000 rows is 10 s at 5,000 checks/s). Run with the application's classes:
 *
 * <pre>java -cp 'target/quarkus-app/app/*:target/quarkus-app/lib/main/*:target/quarkus-app/lib/boot/*' bench/AuditRows.java JDBC_URL USER PASSWORD ROWS CHAINS EVERY</pre>
 */
public final class AuditRows {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        long rows = Long.parseLong(args[3]);
        int chains = Integer.parseInt(args[4]);
        long every = Long.parseLong(args[5]);
        byte[] key = "plystra-development-audit-checkpoint-key".getBytes();
        String[] chainIds = new String[chains];
        String[] prev = new String[chains];
        long[] seq = new long[chains];
        for (int i = 0; i < chains; i++) {
            chainIds[i] = String.format("chn_%016x", 0xbe00L + i);
            prev[i] = AuditChain.genesis(chainIds[i]);
        }
        Instant start = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(rows);
        try (Connection c = DriverManager.getConnection(url, args[1], args[2])) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO audit_logs (id, created_at, space_id, actor_user_id, actor_member_id, actor_user_member_id, action,
                                            resource_type, resource_id, decision, deny_code, request_id, ip_address, user_agent,
                                            trace, chain_id, chain_seq, prev_hash, row_hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)""")) {
                for (long n = 0; n < rows; n++) {
                    int k = (int) (n % chains);
                    Instant at = start.plusSeconds(n);
                    String resource = "invoice_" + (n % 10_000);
                    boolean allow = n % 3 != 0;
                    String trace = CanonicalJson.of("{\"trace_version\":\"1.0\",\"decision\":\"" + (allow ? "allow" : "deny")
                            + "\",\"deny_code\":" + (allow ? "null" : "\"NO_PERMISSION\"")
                            + ",\"actor\":{\"user_id\":\"user_alice\",\"member_id\":\"member_finance_reviewer\",\"space_id\":\"space_acme\"}"
                            + ",\"target\":{\"type\":\"invoice\",\"id\":\"" + resource + "\",\"group_id\":\"group_finance\"}"
                            + ",\"candidates\":[{\"role\":\"finance_reviewer\",\"permission\":\"invoice:approve\",\"scope\":\"group\","
                            + "\"anchor_group_id\":\"group_finance\",\"matched\":" + allow + "}],\"request\":{\"request_id\":\"req_" + n
                            + "\",\"ip\":\"10.0.0.7\",\"user_agent\":\"bench\"},\"evaluated_at\":\"" + at + "\"}");
                    seq[k]++;
                    AuditRecord row = new AuditRecord(AuditIds.next(at), at, "space_acme", "user_alice", "member_finance_reviewer",
                            "um_alice_finance_reviewer", "invoice:approve", "invoice", resource, allow ? "allow" : "deny",
                            allow ? null : "NO_PERMISSION", "req_" + n, "10.0.0.7", "bench", trace, List.of());
                    String hash = AuditChain.rowHash(prev[k], AuditChain.canonicalRow(chainIds[k], seq[k], row));
                    Object[] v = {row.id(), Timestamp.from(at), row.spaceId(), row.actorUserId(), row.actorMemberId(),
                            row.actorUserMemberId(), row.action(), row.resourceType(), row.resourceId(), row.decision(), row.denyCode(),
                            row.requestId(), row.ipAddress(), row.userAgent(), trace, chainIds[k], seq[k], prev[k], hash};
                    for (int i = 0; i < v.length; i++) {
                        ps.setObject(i + 1, v[i]);
                    }
                    ps.addBatch();
                    prev[k] = hash;
                    if ((n + 1) % 1000 == 0) {
                        ps.executeBatch();
                        c.commit();
                    }
                    if ((n + 1) % every == 0) {
                        ps.executeBatch();
                        AuditCheckpoints.signNow(c, key);
                        c.commit();
                    }
                }
                ps.executeBatch();
                AuditCheckpoints.signNow(c, key);
                c.commit();
            }
        }
        System.out.println(rows + " audit rows in " + chains + " chains, a checkpoint every " + every);
    }
}
