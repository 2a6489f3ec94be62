package io.plystra.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.plystra.kernel.Caller;
import io.plystra.kernel.PlystraConfig;
import io.plystra.kernel.RequestInfo;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;

/**
 * Audit retention: the monthly partitions older than the current month and the {@code months} before it are
 * exported ({@code audit_logs_YYYY_MM.ndjson.gz}, the lines of {@code GET /audit/export}) and then detached and
 * dropped, never deleted row by row. The chains stay verifiable across the cut: in the same transaction as the
 * drop, one mutation row {@code audit_retention.cut} records, for every chain that lost rows (and every chain an
 * earlier cut named), the place and hash of its last dropped row, its anchor; the row is itself chained, and a
 * checkpoint signs it before the transaction commits. {@code plystractl audit verify} then accepts a chain whose
 * first remaining row links to its anchor. A month whose rows interleave with kept ones in some chain is not
 * dropped. Off unless {@code AUDIT_RETENTION_MONTHS} is set; every six hours while on.
 */
@ApplicationScoped
public class AuditRetention {

    /** The event of the row that records a cut; {@code after.anchors} holds the anchors. */
    public static final String CUT = "audit_retention.cut";
    static final Duration EVERY = Duration.ofHours(6);
    private static final Logger LOG = Logger.getLogger(AuditRetention.class);
    private static final Pattern MONTHLY = Pattern.compile("audit_logs_([0-9]{4})_([0-9]{2})");
    private static final String PARTITIONS_SQL = """
            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'audit_logs'::regclass ORDER BY c.relname""";
    /** The anchors of the latest cut, as its row recorded them. */
    private static final String LAST_CUT_SQL = "SELECT trace->'after'->'anchors' FROM audit_logs WHERE chain_id = '"
            + AuditChain.MUTATIONS + "' AND action = '" + CUT + "' ORDER BY chain_seq DESC LIMIT 1";

    /** A chain's last dropped row: the first kept row must link to {@code rowHash}. */
    public record Anchor(long seq, String rowHash) {
    }

    /** What a run did: the partitions dropped with the rows each held, and the files written. */
    public record Result(Map<String, Long> dropped, List<Path> exports) {
    }

    /** Why a run dropped nothing. */
    public static final class Refused extends Exception {
        Refused(String problem) {
            super(problem, null, false, false);
        }
    }

    @Inject
    PlystraConfig config;
    @Inject
    DataSource dataSource;
    @Inject
    Vertx vertx;

    void schedule(@Observes StartupEvent event) {
        int months = config.audit().retentionMonths();
        if (months <= 0) {
            return;
        }
        if (config.audit().retentionExportDir().isEmpty()) {
            LOG.error("AUDIT_RETENTION_MONTHS is set without AUDIT_RETENTION_EXPORT_DIR: the retention job does not run "
                    + "(a month is only dropped after it was exported)");
            return;
        }
        vertx.setPeriodic(Duration.ofMinutes(1).toMillis(), EVERY.toMillis(), id -> vertx.executeBlocking(() -> {
            runNow();
            return null;
        }, false).subscribe().with(x -> { }, failure -> LOG.errorf("audit retention failed: %s", failure.getMessage())));
    }

    private void runNow() throws SQLException, IOException {
        try (Connection c = dataSource.getConnection()) {
            Result r = run(c, config.audit().retentionMonths(), Path.of(config.audit().retentionExportDir().get()),
                    config.audit().checkpointKey().getBytes(StandardCharsets.UTF_8), Instant.now(),
                    RequestInfo.system("plystra-retention"));
            if (!r.dropped().isEmpty()) {
                LOG.infof("audit retention: dropped %s after exporting them to %s", r.dropped(), r.exports());
            }
        } catch (Refused e) {
            LOG.errorf("audit retention dropped nothing: %s", e.getMessage());
        }
    }

    /**
     * Exports and drops the monthly partitions that end before the first day of the month {@code months} before
     * {@code now}'s; nothing when there are none. Each export is written to a temporary file and renamed, then the
     * cut row, the detach and drop, and the checkpoints commit in one transaction.
     */
    public static Result run(Connection c, int months, Path dir, byte[] key, Instant now, RequestInfo request)
            throws SQLException, IOException, Refused {
        if (months < 1) {
            throw new Refused("the retention must keep at least one month before the current one, not " + months);
        }
        YearMonth cutoff = YearMonth.from(now.atZone(ZoneOffset.UTC)).minusMonths(months);
        Map<String, YearMonth> old = new TreeMap<>();
        c.setAutoCommit(true);
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(PARTITIONS_SQL)) {
            while (r.next()) {
                Matcher m = MONTHLY.matcher(r.getString(1));
                if (m.matches()) {
                    YearMonth month = YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
                    if (month.isBefore(cutoff)) {
                        old.put(r.getString(1), month);
                    }
                }
            }
        }
        if (old.isEmpty()) {
            return new Result(Map.of(), List.of());
        }
        Map<String, Anchor> anchors = lastAnchors(c);
        Map<String, Anchor> cut = cutOf(c, old.keySet());
        anchors.putAll(cut);
        Files.createDirectories(dir);
        Map<String, Long> dropped = new LinkedHashMap<>();
        List<Path> exports = new ArrayList<>();
        for (Map.Entry<String, YearMonth> e : old.entrySet()) {
            Path file = dir.resolve(e.getKey() + ".ndjson.gz");
            Path part = dir.resolve(e.getKey() + ".ndjson.gz.part");
            Instant from = e.getValue().atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant to = e.getValue().plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(part), 1 << 16)) {
                dropped.put(e.getKey(), AuditExport.write(c, new AuditExport.Query(from, to, AuditExport.Kind.ALL, null, null), out));
            }
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            exports.add(file);
        }
        c.setReadOnly(false);
        c.setAutoCommit(false);
        try {
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("partitions", dropped);
            after.put("exports", exports.stream().map(p -> p.getFileName().toString()).toList());
            Map<String, Object> recorded = new TreeMap<>();
            anchors.forEach((chain, a) -> recorded.put(chain, Map.of("seq", a.seq(), "row_hash", a.rowHash())));
            after.put("anchors", recorded);
            MutationAudit.record(c, Caller.SYSTEM, request,
                    new Mutation<>("audit_retention", "cut", String.join(",", old.keySet()), null, after));
            try (Statement s = c.createStatement()) {
                for (String partition : old.keySet()) {
                    s.execute("ALTER TABLE audit_logs DETACH PARTITION " + partition);
                    s.execute("DROP TABLE " + partition);
                }
            }
            AuditCheckpoints.signNow(c, key);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
        return new Result(dropped, exports);
    }

    /**
     * Each chain's last row in the partitions to drop; refused when a chain keeps a row before it (its rows would
     * no longer follow one another).
     */
    private static Map<String, Anchor> cutOf(Connection c, Set<String> partitions) throws SQLException, Refused {
        Map<String, Anchor> cut = new TreeMap<>();
        String[] names = partitions.toArray(String[]::new);
        try (PreparedStatement s = c.prepareStatement("""
                SELECT DISTINCT ON (chain_id) chain_id, chain_seq, row_hash FROM audit_logs
                WHERE tableoid::regclass::text = ANY(?) AND chain_id IS NOT NULL ORDER BY chain_id, chain_seq DESC""")) {
            s.setArray(1, c.createArrayOf("text", names));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    cut.put(r.getString(1), new Anchor(r.getLong(2), r.getString(3)));
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("""
                SELECT l.chain_id, min(l.chain_seq) FROM audit_logs l
                WHERE l.chain_id = ANY(?) AND NOT (l.tableoid::regclass::text = ANY(?)) GROUP BY l.chain_id""")) {
            s.setArray(1, c.createArrayOf("text", cut.keySet().toArray()));
            s.setArray(2, c.createArrayOf("text", names));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    if (r.getLong(2) <= cut.get(r.getString(1)).seq()) {
                        throw new Refused("chain " + r.getString(1) + " keeps row #" + r.getLong(2) + " while row #"
                                + cut.get(r.getString(1)).seq() + " would be dropped: its rows would no longer follow one another");
                    }
                }
            }
        }
        return cut;
    }

    /** The anchors the latest cut recorded (empty before the first cut). */
    public static Map<String, Anchor> lastAnchors(Connection c) throws SQLException {
        Map<String, Anchor> anchors = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(LAST_CUT_SQL)) {
            if (r.next() && r.getString(1) != null) {
                try {
                    JsonNode all = new ObjectMapper().readTree(r.getString(1));
                    all.fields().forEachRemaining(e -> anchors.put(e.getKey(),
                            new Anchor(e.getValue().path("seq").asLong(), e.getValue().path("row_hash").asText())));
                } catch (com.fasterxml.jackson.core.JacksonException e) {
                    throw new SQLException("the latest audit_retention.cut row holds no anchors", e);
                }
            }
        }
        return anchors;
    }
}
