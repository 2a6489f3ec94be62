package io.plystra.cli;

import io.plystra.platform.ProductionSafety;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.plystra.audit.AuditChain;
import io.plystra.audit.AuditRecord;
import io.plystra.audit.AuditRetention;
import io.plystra.audit.AuditSnapshots;
import io.plystra.audit.CanonicalJson;

/**
 * {@code plystractl audit verify [--from T] [--to T]}: recomputes every audit row's hash and link,
 * checks the signed checkpoints and the content hashes of the stored snapshots, and reports each
 * modified, deleted or inserted row, the first one first. It reads the database only, through a
 * superuser-proof lens: nothing it trusts is computed by the database (no trigger, no function),
 * and the checkpoint key never leaves the operator's environment.
 */
final class AuditVerify {

    /** One finding: what kind and where. */
    record Problem(String kind, String where, String what) {
        @Override
        public String toString() {
            return kind + ": " + where + ": " + what;
        }
    }

    private record Checkpoint(String rowHash, String keyId, String mac) {
    }

    private static final int SHOWN = 20;

    private final byte[] key;
    private final Instant from;
    private final Instant to;
    private final List<Problem> problems = new ArrayList<>();
    private final Set<String> seenChains = new HashSet<>();
    private long rows;
    private int chains;
    private int checkpointsMatched;
    private int snapshots;
    private int anchored;
    /** Where the latest retention cut left each chain it shortened. */
    private Map<String, AuditRetention.Anchor> anchors = Map.of();

    AuditVerify(byte[] key, Instant from, Instant to) {
        this.key = key;
        this.from = from;
        this.to = to;
    }

    /**
     * Verifies and prints the result: one {@code ok:} line on {@code out} when the log is intact,
     * otherwise one {@code FAIL} line per problem (the first {@value #SHOWN}) on {@code err}.
     * Returns the problems found (empty: the audit log is intact).
     */
    List<Problem> run(Connection c, PrintStream out, PrintStream err) throws SQLException {
        c.setAutoCommit(false); // a cursor: rows are streamed, not loaded at once
        c.setReadOnly(true);
        try {
            Map<String, Map<Long, Checkpoint>> checkpoints = checkpoints(c);
            anchors = AuditRetention.lastAnchors(c);
            verifyRows(c, checkpoints);
            verifySnapshots(c);
        } finally {
            c.rollback();
        }
        if (problems.isEmpty()) {
            out.println("ok: audit log verified: " + count(rows, "row") + " in " + count(chains, "chain") + ", "
                    + count(checkpointsMatched, "checkpoint") + " matched, " + count(snapshots, "snapshot")
                    + (anchored == 0 ? "" : ", " + count(anchored, "chain") + " anchored across the retention cut") + range());
            return problems;
        }
        problems.stream().limit(SHOWN).forEach(p -> err.println("FAIL " + p));
        if (problems.size() > SHOWN) {
            err.println("... and " + (problems.size() - SHOWN) + " more problems (" + problems.size() + " in all)");
        }
        return problems;
    }

    /** The range read, as the operator gave it; empty for the whole log. */
    private String range() {
        if (from == null && to == null) {
            return "";
        }
        if (to == null) {
            return " (from " + from + ")";
        }
        return from == null ? " (before " + to + ")" : " (from " + from + " to " + to + ")";
    }

    private static String count(long n, String noun) {
        return String.format(java.util.Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
    }

    private Map<String, Map<Long, Checkpoint>> checkpoints(Connection c) throws SQLException {
        Map<String, Map<Long, Checkpoint>> byChain = new HashMap<>();
        String keyId = AuditChain.keyId(key);
        try (PreparedStatement s = c.prepareStatement(
                "SELECT chain_id, chain_seq, row_hash, key_id, mac, first_seq, merkle_root FROM audit_checkpoints "
                        + "ORDER BY chain_id, chain_seq");
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                String chain = r.getString(1);
                long seq = r.getLong(2);
                Checkpoint cp = new Checkpoint(r.getString(3), r.getString(4), r.getString(5));
                String where = "checkpoint " + chain + "#" + seq;
                if (!keyId.equals(cp.keyId())) {
                    problems.add(new Problem("unverifiable", where, "signed with key " + cp.keyId() + ", not with this AUDIT_CHECKPOINT_KEY (" + keyId + ")"));
                } else if (!AuditChain.sameMac(cp.mac(), AuditChain.checkpointMac(key, chain, seq, cp.rowHash(),
                        r.getObject(6, Long.class), r.getString(7)))) {
                    problems.add(new Problem("inserted", where, "its signature is not valid: the checkpoint was forged or altered"));
                } else {
                    byChain.computeIfAbsent(chain, k -> new HashMap<>()).put(seq, cp);
                }
            }
        }
        return byChain;
    }

    private void verifyRows(Connection c, Map<String, Map<Long, Checkpoint>> checkpoints) throws SQLException {
        StringBuilder sql = new StringBuilder("""
                SELECT id, created_at, space_id, actor_user_id, actor_member_id, actor_user_member_id, action,
                       resource_type, resource_id, decision, deny_code, request_id, ip_address, user_agent, trace::text,
                       chain_id, chain_seq, prev_hash, row_hash
                FROM audit_logs WHERE true""");
        if (from != null) {
            sql.append(" AND created_at >= ?");
        }
        if (to != null) {
            sql.append(" AND created_at < ?");
        }
        sql.append(" ORDER BY chain_id NULLS FIRST, chain_seq, id");
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            int i = 1;
            if (from != null) {
                s.setTimestamp(i++, Timestamp.from(from));
            }
            if (to != null) {
                s.setTimestamp(i, Timestamp.from(to));
            }
            s.setFetchSize(1000);
            try (ResultSet r = s.executeQuery()) {
                walk(r, checkpoints);
            }
        }
    }

    private void walk(ResultSet r, Map<String, Map<Long, Checkpoint>> checkpoints) throws SQLException {
        boolean whole = from == null && to == null;
        String chain = null;
        long lastSeq = 0;
        String lastHash = null;
        String lastId = null;
        Map<Long, Checkpoint> pending = Map.of();
        while (r.next()) {
            rows++;
            String id = r.getString(1);
            String rowChain = r.getString(16);
            if (rowChain == null) {
                problems.add(new Problem("inserted", id, "the row has no chain link: not written by Plystra's audit writers"));
                continue;
            }
            long seq = r.getLong(17);
            String prevHash = r.getString(18);
            String rowHash = r.getString(19);
            String where = id + " (" + rowChain + "#" + seq + ")";
            if (!rowChain.equals(chain)) {
                finishChain(chain, lastSeq, pending, whole);
                chain = rowChain;
                chains++;
                pending = new HashMap<>(checkpoints.getOrDefault(chain, Map.of()));
                AuditRetention.Anchor anchor = anchors.get(chain);
                if (anchor != null) {
                    pending.keySet().removeIf(signed -> signed <= anchor.seq()); // they signed rows the cut dropped
                }
                if (seq == 1 && !AuditChain.genesis(chain).equals(prevHash)) {
                    problems.add(new Problem("modified", where, "the first row of its chain does not link to the chain's start"));
                } else if (seq > 1 && whole && anchor != null && anchor.seq() == seq - 1) {
                    if (anchor.rowHash().equals(prevHash)) {
                        anchored++;
                    } else {
                        problems.add(new Problem("modified", where, "the first row after the retention cut does not link to the "
                                + "last dropped row the cut recorded"));
                    }
                } else if (seq > 1 && whole) {
                    problems.add(new Problem("deleted", where, "rows #1 to #" + (seq - 1) + " of its chain are missing"));
                }
            } else if (seq == lastSeq) {
                problems.add(new Problem("inserted", where, "a second row holds the same place as " + lastId));
            } else if (seq > lastSeq + 1) {
                problems.add(new Problem("deleted", where, "rows #" + (lastSeq + 1) + " to #" + (seq - 1)
                        + " of its chain are missing (after " + lastId + ")"));
            } else if (!prevHash.equals(lastHash)) {
                problems.add(new Problem("modified", lastId + " (" + chain + "#" + lastSeq + ")",
                        "the next row no longer links to it: it was changed together with its hash, or replaced"));
            }
            Instant createdAt = r.getObject(2, OffsetDateTime.class).toInstant();
            String trace = r.getString(15);
            AuditRecord row = new AuditRecord(id, createdAt, r.getString(3), r.getString(4), r.getString(5), r.getString(6),
                    r.getString(7), r.getString(8), r.getString(9), r.getString(10), r.getString(11), r.getString(12),
                    r.getString(13), r.getString(14), trace == null ? null : CanonicalJson.of(trace), List.of());
            String expected = AuditChain.rowHash(prevHash, AuditChain.canonicalRow(rowChain, seq, row));
            if (!expected.equals(rowHash)) {
                problems.add(new Problem("modified", where, "its content no longer matches its hash"));
            }
            Checkpoint cp = pending.remove(seq);
            if (cp != null) {
                if (cp.rowHash().equals(rowHash)) {
                    checkpointsMatched++;
                } else {
                    problems.add(new Problem("modified", where, "the chain up to here was rewritten: its hash differs from the signed checkpoint"));
                }
            }
            lastSeq = seq;
            lastHash = rowHash;
            lastId = id;
        }
        finishChain(chain, lastSeq, pending, whole);
        if (whole) {
            // Chains none of whose rows remain, but whose checkpoints do.
            checkpoints.forEach((c, cps) -> {
                if (!seenChains.contains(c)) {
                    AuditRetention.Anchor anchor = anchors.get(c);
                    cps.keySet().stream().filter(seq -> anchor == null || seq > anchor.seq()).sorted().findFirst().ifPresent(seq -> problems.add(new Problem("deleted",
                            "checkpoint " + c + "#" + seq, "every row of this signed chain is missing")));
                }
            });
        }
    }

    /** Checkpoints of a chain that no row answered: their rows were deleted (within the range read). */
    private void finishChain(String chain, long lastSeq, Map<Long, Checkpoint> pending, boolean whole) {
        if (chain == null) {
            return;
        }
        seenChains.add(chain);
        pending.keySet().stream().filter(seq -> whole || seq <= lastSeq).sorted().findFirst().ifPresent(seq ->
                problems.add(new Problem("deleted", chain + "#" + seq, "the row signed by a checkpoint is missing")));
    }

    private void verifySnapshots(Connection c) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT hash, body::text FROM audit_snapshots WHERE true");
        if (from != null) {
            sql.append(" AND created_at >= ?");
        }
        sql.append(" ORDER BY hash");
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            if (from != null) {
                s.setTimestamp(1, Timestamp.from(from));
            }
            s.setFetchSize(1000);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    snapshots++;
                    String hash = r.getString(1);
                    if (!AuditSnapshots.hash(CanonicalJson.of(r.getString(2))).equals(hash)) {
                        problems.add(new Problem("modified", "snapshot " + hash, "its body no longer matches its hash"));
                    }
                }
            }
        }
    }

    static byte[] keyOf(Map<String, String> env) {
        String key = env.getOrDefault("AUDIT_CHECKPOINT_KEY", "");
        return (key.isBlank() ? io.plystra.platform.ProductionSafety.DEFAULT_AUDIT_CHECKPOINT_KEY : key)
                .getBytes(StandardCharsets.UTF_8);
    }
}
