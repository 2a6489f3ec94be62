package io.plystra.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.plystra.kernel.ApiException;
import io.plystra.kernel.ErrorCode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads what an {@link AuditProof} is made of: the row's place in its chain, the first Merkle
 * checkpoint at or after it, and the row hashes that checkpoint's root covers. On the reactive
 * pool for the API, over JDBC for {@code plystractl audit prove}; the same statements.
 */
@ApplicationScoped
public class AuditProofs {

    /** A row's space and place; {@code from} and {@code to} bound created_at (the time in the id). */
    static final String PLACE_SQL = "SELECT space_id, chain_id, chain_seq, row_hash FROM audit_logs "
            + "WHERE id = $1 AND created_at >= $2 AND created_at < $3";
    /** The first checkpoint with a Merkle root whose range holds the place. */
    static final String CHECKPOINT_SQL = "SELECT chain_seq, row_hash, first_seq, merkle_root, key_id, mac FROM audit_checkpoints "
            + "WHERE chain_id = $1 AND chain_seq >= $2 AND first_seq <= $3 ORDER BY chain_seq LIMIT 1";
    static final String HASHES_SQL = "SELECT row_hash FROM audit_logs WHERE chain_id = $1 AND chain_seq BETWEEN $2 AND $3 "
            + "ORDER BY chain_seq";

    /** A row's space and place in its chain (chainId null: a row written before chains, V006). */
    public record Place(String id, String spaceId, String chainId, long seq, String rowHash) {
    }

    /** A Merkle checkpoint as stored. */
    record Signed(long seq, String rowHash, long firstSeq, String merkleRoot, String keyId, String mac) {
    }

    @Inject
    Pool pool;

    /** The row {@code id} created in [from, to), or null. */
    public Uni<Place> place(String id, Instant from, Instant to) {
        return pool.preparedQuery(PLACE_SQL).execute(Tuple.of(id, from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.size() == 0 ? null : place(id, rows.iterator().next()));
    }

    /** The proof of a row; 409 {@code NOT_YET_CHECKPOINTED} when no Merkle checkpoint covers it yet. */
    public Uni<AuditProof> proof(Place p) {
        if (p.chainId() == null) {
            return Uni.createFrom().failure(notYetCheckpointed(p.id()));
        }
        return pool.preparedQuery(CHECKPOINT_SQL).execute(Tuple.of(p.chainId(), p.seq(), p.seq())).flatMap(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().failure(notYetCheckpointed(p.id()));
            }
            Signed cp = signed(rows.iterator().next());
            return pool.preparedQuery(HASHES_SQL).execute(Tuple.of(p.chainId(), cp.firstSeq(), cp.seq())).map(hashRows -> {
                List<String> hashes = new ArrayList<>();
                hashRows.forEach(r -> hashes.add(r.getString(0)));
                return proof(p, cp, hashes);
            });
        });
    }

    /**
     * Over JDBC ({@code plystractl audit prove}): the proof of the row {@code id}; 404 when there is
     * no such row, 409 {@code NOT_YET_CHECKPOINTED} when no Merkle checkpoint covers it yet.
     */
    public static AuditProof proof(Connection c, String id) throws SQLException {
        Instant at = AuditQueryService.idTime(id);
        if (at == null) {
            throw ApiException.notFound("audit_log", id);
        }
        Place p;
        try (PreparedStatement s = c.prepareStatement(AuditCheckpoints.jdbc(PLACE_SQL))) {
            s.setString(1, id);
            s.setTimestamp(2, Timestamp.from(at.minus(AuditQueryService.ID_TIME_MARGIN)));
            s.setTimestamp(3, Timestamp.from(at.plus(AuditQueryService.ID_TIME_MARGIN)));
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw ApiException.notFound("audit_log", id);
                }
                p = new Place(id, r.getString(1), r.getString(2), r.getLong(3), r.getString(4));
            }
        }
        if (p.chainId() == null) {
            throw notYetCheckpointed(id);
        }
        Signed cp;
        try (PreparedStatement s = c.prepareStatement(AuditCheckpoints.jdbc(CHECKPOINT_SQL))) {
            s.setString(1, p.chainId());
            s.setLong(2, p.seq());
            s.setLong(3, p.seq());
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw notYetCheckpointed(id);
                }
                cp = new Signed(r.getLong(1), r.getString(2), r.getLong(3), r.getString(4), r.getString(5), r.getString(6));
            }
        }
        List<String> hashes = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(AuditCheckpoints.jdbc(HASHES_SQL))) {
            s.setString(1, p.chainId());
            s.setLong(2, cp.firstSeq());
            s.setLong(3, cp.seq());
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    hashes.add(r.getString(1));
                }
            }
        }
        return proof(p, cp, hashes);
    }

    /** 409 {@code NOT_YET_CHECKPOINTED}: the row is newer than its chain's last Merkle checkpoint (or older than chains). */
    static ApiException notYetCheckpointed(String id) {
        return new ApiException(ErrorCode.NOT_YET_CHECKPOINTED, "audit row " + id + " is not under a Merkle checkpoint yet: "
                + "the next checkpoint (every 10 s, or `plystractl audit checkpoint`) covers it", Map.of("id", id));
    }

    private static AuditProof proof(Place p, Signed cp, List<String> hashes) {
        if (hashes.size() != cp.seq() - cp.firstSeq() + 1) {
            throw new IllegalStateException("rows of " + p.chainId() + "#" + cp.firstSeq() + ".." + cp.seq()
                    + " under a checkpoint are missing; `plystractl audit verify` names them");
        }
        return AuditProof.of(p.id(), p.chainId(), p.seq(), p.rowHash(), cp.seq(), cp.rowHash(), cp.firstSeq(), cp.merkleRoot(),
                cp.keyId(), cp.mac(), hashes);
    }

    private static Place place(String id, Row r) {
        Long seq = r.getLong(2);
        return new Place(id, r.getString(0), r.getString(1), seq == null ? 0 : seq, r.getString(3));
    }

    private static Signed signed(Row r) {
        return new Signed(r.getLong(0), r.getString(1), r.getLong(2), r.getString(3), r.getString(4), r.getString(5));
    }

}
