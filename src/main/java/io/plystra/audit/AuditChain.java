package io.plystra.audit;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * The hash chain over audit rows (V006). Every row carries its chain, its place in it, the hash
 * of the row before it and its own hash: SHA-256 over the previous hash and the row's canonical
 * form (every column and the canonical trace). A chain's first row links to a hash of the chain's
 * id. Checkpoints pin a chain's hash at a place with an HMAC under a key the database never sees,
 * so a database superuser who rewrites rows and their hashes still cannot forge a checkpoint.
 * The same functions serve the writers and {@code plystractl audit verify}.
 */
public final class AuditChain {

    /** The chain of admin-mutation rows: one for the whole database, its head locked by each mutation. */
    public static final String MUTATIONS = "mutations";

    private static final JsonFactory FACTORY = new JsonFactory();

    private AuditChain() {
    }

    /** A new chain id for a decision-writer lane: {@code chn_<16 hex>}. */
    public static String newChainId() {
        return String.format("chn_%016x", ThreadLocalRandom.current().nextLong());
    }

    /** The hash the first row of {@code chainId} links to. */
    public static String genesis(String chainId) {
        return sha256("plystra audit chain\n" + chainId);
    }

    /** A row's hash: SHA-256 over the previous row's hash and the row's canonical form. */
    public static String rowHash(String prevHash, String canonicalRow) {
        return sha256(prevHash + "\n" + canonicalRow);
    }

    /**
     * The canonical form of a row: a JSON array of its chain place and columns, the time in
     * microseconds since the epoch and the trace in {@link CanonicalJson} form.
     */
    public static String canonicalRow(String chainId, long seq, AuditRecord row) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartArray();
            g.writeString(chainId);
            g.writeNumber(seq);
            g.writeString(row.id());
            g.writeNumber(ChronoUnit.MICROS.between(Instant.EPOCH, row.createdAt()));
            for (String column : new String[] {row.spaceId(), row.actorUserId(), row.actorMemberId(), row.actorUserMemberId(),
                    row.action(), row.resourceType(), row.resourceId(), row.decision(), row.denyCode(), row.requestId(),
                    row.ipAddress(), row.userAgent()}) {
                g.writeString(column);
            }
            if (row.traceJson() == null) {
                g.writeNull();
            } else {
                g.writeRawValue(row.traceJson());
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * The MAC of a checkpoint: chain, place and the row hash there, and (since V019) the first place
     * its Merkle root covers and the root; a checkpoint without a root (null) is signed as before V019.
     */
    public static String checkpointMac(byte[] key, String chainId, long seq, String rowHash, Long firstSeq, String merkleRoot) {
        return hmac(key, checkpointMessage(chainId, seq, rowHash, firstSeq, merkleRoot));
    }

    /** The text a checkpoint's MAC is computed over (UTF-8). */
    public static String checkpointMessage(String chainId, long seq, String rowHash, Long firstSeq, String merkleRoot) {
        String signed = "plystra audit checkpoint\n" + chainId + "\n" + seq + "\n" + rowHash;
        return merkleRoot == null ? signed : signed + "\n" + firstSeq + "\n" + merkleRoot;
    }

    private static String hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Names a checkpoint key without revealing it: the first 8 hex digits of its SHA-256. */
    public static String keyId(byte[] key) {
        return sha256Bytes(key).substring(0, 8);
    }

    /** Constant-time comparison of two hex MACs. */
    public static boolean sameMac(String a, String b) {
        return a != null && b != null && MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII),
                b.getBytes(StandardCharsets.US_ASCII));
    }

    static String sha256(String text) {
        return sha256Bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256Bytes(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
