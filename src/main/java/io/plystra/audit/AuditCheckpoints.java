package io.plystra.audit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
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
 * {@code AUDIT_CHECKPOINT_KEY}. Each checkpoint is also logged, so a copy lives outside the
 * database. Rows newer than the last checkpoint are protected by the chain alone.
 */
@ApplicationScoped
public class AuditCheckpoints {

    /** A chain's place and the row hash there. */
    public record Position(String chainId, long seq, String rowHash) {
    }

    private static final Logger LOG = Logger.getLogger(AuditCheckpoints.class);
    static final Duration EVERY = Duration.ofSeconds(10);
    static final String INSERT_SQL = """
            INSERT INTO audit_checkpoints (chain_id, chain_seq, row_hash, key_id, mac)
            SELECT * FROM unnest($1::text[], $2::int8[], $3::text[], $4::text[], $5::text[])
            ON CONFLICT (chain_id, chain_seq) DO NOTHING""";

    private final Pool pool;
    private final Vertx vertx;
    private final AuditWriter writer;
    private final byte[] key;
    private final String keyId;
    private final Map<String, Long> signed = new ConcurrentHashMap<>();

    public AuditCheckpoints(Pool pool, Vertx vertx, AuditWriter writer, PlystraConfig config) {
        this.pool = pool;
        this.vertx = vertx;
        this.writer = writer;
        this.key = config.audit().checkpointKey().getBytes(StandardCharsets.UTF_8);
        this.keyId = AuditChain.keyId(key);
    }

    void schedule(@Observes StartupEvent event) {
        vertx.setPeriodic(EVERY.toMillis(), id -> signNow().subscribe().with(
                n -> LOG.debugf("%d audit checkpoints written", n),
                failure -> LOG.warnf("audit checkpoints could not be written: %s", failure.getMessage())));
    }

    /** Writes a checkpoint for every chain that moved since its last one; the number written. */
    public Uni<Integer> signNow() {
        return pool.preparedQuery("SELECT chain_id, chain_seq, row_hash FROM audit_chain_heads WHERE chain_seq > 0")
                .execute().flatMap(rows -> {
                    List<Position> positions = new ArrayList<>(writer.committedPositions());
                    for (Row r : rows) {
                        positions.add(new Position(r.getString(0), r.getLong(1), r.getString(2)));
                    }
                    List<Position> due = positions.stream()
                            .filter(p -> !Long.valueOf(p.seq()).equals(signed.get(p.chainId()))).toList();
                    if (due.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    int n = due.size();
                    String[] chains = new String[n];
                    Long[] seqs = new Long[n];
                    String[] hashes = new String[n];
                    String[] keyIds = new String[n];
                    String[] macs = new String[n];
                    for (int i = 0; i < n; i++) {
                        Position p = due.get(i);
                        chains[i] = p.chainId();
                        seqs[i] = p.seq();
                        hashes[i] = p.rowHash();
                        keyIds[i] = keyId;
                        macs[i] = AuditChain.checkpointMac(key, p.chainId(), p.seq(), p.rowHash());
                    }
                    return pool.preparedQuery(INSERT_SQL)
                            .execute(Tuple.tuple().addArrayOfString(chains).addArrayOfLong(seqs).addArrayOfString(hashes)
                                    .addArrayOfString(keyIds).addArrayOfString(macs))
                            .invoke(() -> {
                                for (int i = 0; i < n; i++) {
                                    signed.put(chains[i], seqs[i]);
                                    LOG.infof("audit checkpoint chain=%s seq=%d row_hash=%s key_id=%s mac=%s",
                                            chains[i], seqs[i], hashes[i], keyId, macs[i]);
                                }
                            })
                            .replaceWith(n);
                });
    }
}
