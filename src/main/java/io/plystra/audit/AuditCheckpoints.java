package io.plystra.audit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.plystra.kernel.PlystraConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Signs where the audit chains stand, every {@link #EVERY}: each decision-writer lane's last
 * committed row and the head of the mutation chain get a checkpoint, HMAC-SHA256 under
 * {@code AUDIT_CHECKPOINT_KEY} over the place, its row hash and the {@link MerkleTree} root over
 * the row hashes since the chain's previous checkpoint. Each checkpoint is also logged, so a copy
 * lives outside the database. Rows newer than the last checkpoint are protected by the chain alone.
 * {@link #signNow(Connection, byte[])} does the same over JDBC for {@code plystractl audit checkpoint}.
 */
@ApplicationScoped
public class AuditCheckpoints {

    /** A chain's place and the row hash there. */
    public record Position(String chainId, long seq, String rowHash) {
    }

    /** A checkpoint as stored: firstSeq and merkleRoot are null when the rows of its range were not all found. */
    public record Signed(String chainId, long seq, String rowHash, Long firstSeq, String merkleRoot, String keyId, String mac) {
    }

    private static final Logger LOG = Logger.getLogger(AuditCheckpoints.class);
    static final Duration EVERY = Duration.ofSeconds(10);
    static final String MUTATION_HEAD_SQL = "SELECT chain_id, chain_seq, row_hash FROM audit_chain_heads WHERE chain_seq > 0";
    /** The place of each chain's last checkpoint. */
    static final String LAST_SQL = "SELECT chain_id, max(chain_seq) FROM audit_checkpoints WHERE chain_id = ANY($1) GROUP BY chain_id";
    /** The row hashes of the ranges (chain, first, last), in chain order. */
    static final String HASHES_SQL = """
            SELECT l.chain_id, l.row_hash
            FROM unnest($1::text[], $2::int8[], $3::int8[]) AS d(chain_id, first_seq, last_seq)
            JOIN audit_logs l ON l.chain_id = d.chain_id AND l.chain_seq BETWEEN d.first_seq AND d.last_seq
            ORDER BY l.chain_id, l.chain_seq""";
    static final String INSERT_SQL = """
            INSERT INTO audit_checkpoints (chain_id, chain_seq, row_hash, first_seq, merkle_root, key_id, mac)
            SELECT * FROM unnest($1::text[], $2::int8[], $3::text[], $4::int8[], $5::text[], $6::text[], $7::text[])
            ON CONFLICT (chain_id, chain_seq) DO NOTHING""";

    private final Pool pool;
    private final Vertx vertx;
    private final AuditWriter writer;
    private final byte[] key;
    private final Map<String, Long> signed = new ConcurrentHashMap<>();

    public AuditCheckpoints(Pool pool, Vertx vertx, AuditWriter writer, PlystraConfig config) {
        this.pool = pool;
        this.vertx = vertx;
        this.writer = writer;
        this.key = config.audit().checkpointKey().getBytes(StandardCharsets.UTF_8);
    }

    void schedule(@Observes StartupEvent event) {
        vertx.setPeriodic(EVERY.toMillis(), id -> signNow().subscribe().with(
                n -> LOG.debugf("%d audit checkpoints written", n),
                failure -> LOG.warnf("audit checkpoints could not be written: %s", failure.getMessage())));
    }

    /** Writes a checkpoint for every chain that moved since its last one; the number written. */
    public Uni<Integer> signNow() {
        return pool.preparedQuery(MUTATION_HEAD_SQL).execute().flatMap(rows -> {
            List<Position> positions = new ArrayList<>(writer.committedPositions());
            for (Row r : rows) {
                positions.add(new Position(r.getString(0), r.getLong(1), r.getString(2)));
            }
            List<Position> moved = positions.stream()
                    .filter(p -> !Long.valueOf(p.seq()).equals(signed.get(p.chainId()))).toList();
            if (moved.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            return pool.preparedQuery(LAST_SQL)
                    .execute(Tuple.of(moved.stream().map(Position::chainId).toArray(String[]::new)))
                    .flatMap(lastRows -> {
                        Map<String, Long> last = new HashMap<>();
                        lastRows.forEach(r -> last.put(r.getString(0), r.getLong(1)));
                        List<Position> due = due(moved, last);
                        return pool.preparedQuery(HASHES_SQL).execute(ranges(due, last)).map(hashRows -> {
                            Map<String, List<String>> hashes = new HashMap<>();
                            hashRows.forEach(r -> hashes.computeIfAbsent(r.getString(0), c -> new ArrayList<>()).add(r.getString(1)));
                            return sign(key, due, last, hashes);
                        });
                    })
                    .flatMap(checkpoints -> checkpoints.isEmpty() ? Uni.createFrom().item(0)
                            : pool.preparedQuery(INSERT_SQL).execute(columns(checkpoints)).invoke(() -> checkpoints.forEach(cp -> {
                                signed.put(cp.chainId(), cp.seq());
                                LOG.infof("audit checkpoint chain=%s seq=%d row_hash=%s first_seq=%s merkle_root=%s key_id=%s mac=%s",
                                        cp.chainId(), cp.seq(), cp.rowHash(), cp.firstSeq(), cp.merkleRoot(), cp.keyId(), cp.mac());
                            })).replaceWith(checkpoints.size()));
        });
    }

    /**
     * Over JDBC, in {@code c}'s transaction (the caller commits): a checkpoint for the head of every
     * chain past its last checkpoint, the decision chains' heads read from their committed rows.
     * Returns the checkpoints written.
     */
    public static List<Signed> signNow(Connection c, byte[] key) throws SQLException {
        List<Position> positions = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(MUTATION_HEAD_SQL + " UNION ALL SELECT * FROM (SELECT DISTINCT ON "
                + "(chain_id) chain_id, chain_seq, row_hash FROM audit_logs WHERE chain_id <> '" + AuditChain.MUTATIONS
                + "' ORDER BY chain_id, chain_seq DESC) heads"); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                positions.add(new Position(r.getString(1), r.getLong(2), r.getString(3)));
            }
        }
        Map<String, Long> last = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(jdbc(LAST_SQL))) {
            s.setArray(1, c.createArrayOf("text", positions.stream().map(Position::chainId).toArray()));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    last.put(r.getString(1), r.getLong(2));
                }
            }
        }
        List<Position> due = due(positions, last);
        Map<String, List<String>> hashes = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(jdbc(HASHES_SQL))) {
            bind(c, s, ranges(due, last));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    hashes.computeIfAbsent(r.getString(1), chain -> new ArrayList<>()).add(r.getString(2));
                }
            }
        }
        List<Signed> checkpoints = sign(key, due, last, hashes);
        if (!checkpoints.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement(jdbc(INSERT_SQL))) {
                bind(c, s, columns(checkpoints));
                s.executeUpdate();
            }
        }
        return checkpoints;
    }

    /** The positions past their chain's last checkpoint. */
    private static List<Position> due(List<Position> positions, Map<String, Long> last) {
        return positions.stream().filter(p -> p.seq() > last.getOrDefault(p.chainId(), 0L)).toList();
    }

    /** The first place a checkpoint at {@code p} covers: the one after the chain's last checkpoint. */
    private static long firstSeq(Position p, Map<String, Long> last) {
        return last.getOrDefault(p.chainId(), 0L) + 1;
    }

    /** {@link #HASHES_SQL}'s parameters for the due positions. */
    private static Tuple ranges(List<Position> due, Map<String, Long> last) {
        return Tuple.tuple().addArrayOfString(due.stream().map(Position::chainId).toArray(String[]::new))
                .addArrayOfLong(due.stream().map(p -> firstSeq(p, last)).toArray(Long[]::new))
                .addArrayOfLong(due.stream().map(Position::seq).toArray(Long[]::new));
    }

    /**
     * Each due position's checkpoint, with the Merkle root over its range's row hashes when all of
     * them were read and the last is the position's (else without a root, signed as before V019).
     */
    static List<Signed> sign(byte[] key, List<Position> due, Map<String, Long> last, Map<String, List<String>> hashes) {
        String keyId = AuditChain.keyId(key);
        List<Signed> checkpoints = new ArrayList<>();
        for (Position p : due) {
            long first = firstSeq(p, last);
            List<String> range = hashes.getOrDefault(p.chainId(), List.of());
            boolean whole = range.size() == p.seq() - first + 1 && range.get(range.size() - 1).equals(p.rowHash());
            if (!whole) {
                LOG.warnf("audit checkpoint chain=%s seq=%d: %d of the rows from #%d found; signed without a Merkle root "
                        + "(`plystractl audit verify` tells what is missing)", p.chainId(), p.seq(), range.size(), first);
            }
            Long firstSeq = whole ? first : null;
            String root = whole ? MerkleTree.root(range) : null;
            checkpoints.add(new Signed(p.chainId(), p.seq(), p.rowHash(), firstSeq, root, keyId,
                    AuditChain.checkpointMac(key, p.chainId(), p.seq(), p.rowHash(), firstSeq, root)));
        }
        return checkpoints;
    }

    /** {@link #INSERT_SQL}'s parameters. */
    private static Tuple columns(List<Signed> checkpoints) {
        return Tuple.tuple().addArrayOfString(checkpoints.stream().map(Signed::chainId).toArray(String[]::new))
                .addArrayOfLong(checkpoints.stream().map(Signed::seq).toArray(Long[]::new))
                .addArrayOfString(checkpoints.stream().map(Signed::rowHash).toArray(String[]::new))
                .addArrayOfLong(checkpoints.stream().map(Signed::firstSeq).toArray(Long[]::new))
                .addArrayOfString(checkpoints.stream().map(Signed::merkleRoot).toArray(String[]::new))
                .addArrayOfString(checkpoints.stream().map(Signed::keyId).toArray(String[]::new))
                .addArrayOfString(checkpoints.stream().map(Signed::mac).toArray(String[]::new));
    }

    /** Binds a tuple of arrays to a JDBC statement. */
    private static void bind(Connection c, PreparedStatement s, Tuple arrays) throws SQLException {
        for (int i = 0; i < arrays.size(); i++) {
            Object[] values = (Object[]) arrays.getValue(i);
            s.setArray(i + 1, c.createArrayOf(values instanceof Long[] ? "int8" : "text", values));
        }
    }

    /** JDBC spells {@code $1} as {@code ?}; every statement here uses each parameter once, in order. */
    static String jdbc(String sql) {
        return sql.replaceAll("\\$\\d+", "?");
    }
}
