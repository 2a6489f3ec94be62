package io.plystra.audit;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The Merkle tree of RFC 6962 (Certificate Transparency) over audit row hashes, in hex: a leaf is
 * {@code SHA-256(0x00 || row_hash)} with the row hash as its 32 bytes, a node
 * {@code SHA-256(0x01 || left || right)}; a tree of n leaves splits at the largest power of two
 * below n, so unbalanced trees are built as RFC 6962 section 2.1 defines. The audit path of a leaf
 * lists its siblings from the leaf up, and {@link #rootFromPath} recomputes the root from a row
 * hash, its index and the path (RFC 9162 section 2.1.3.2). JDK only, no I/O.
 */
public final class MerkleTree {

    private static final HexFormat HEX = HexFormat.of();

    private MerkleTree() {
    }

    /** The root over the row hashes (at least one), in order. */
    public static String root(List<String> rowHashes) {
        return HEX.formatHex(root(leaves(rowHashes), 0, rowHashes.size()));
    }

    /** The audit path of leaf {@code index}: its siblings' hashes from the leaf up. */
    public static List<String> path(List<String> rowHashes, int index) {
        if (index < 0 || index >= rowHashes.size()) {
            throw new IllegalArgumentException("leaf " + index + " is outside a tree of " + rowHashes.size());
        }
        List<String> path = new ArrayList<>();
        path(leaves(rowHashes), index, 0, rowHashes.size(), path);
        return path;
    }

    /**
     * The root a row hash at {@code index} in a tree of {@code size} leaves leads to with
     * {@code path}, or null when the path cannot belong to such a tree (wrong length, index out
     * of range, a value that is not a SHA-256 hash).
     */
    public static String rootFromPath(String rowHash, long index, long size, List<String> path) {
        if (index < 0 || index >= size) {
            return null;
        }
        try {
            byte[] r = leaf(HEX.parseHex(rowHash));
            long fn = index;
            long sn = size - 1;
            for (String p : path) {
                byte[] sibling = HEX.parseHex(p);
                if (sn == 0 || sibling.length != 32) {
                    return null;
                }
                if ((fn & 1) == 1 || fn == sn) {
                    r = node(sibling, r);
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                } else {
                    r = node(r, sibling);
                }
                fn >>= 1;
                sn >>= 1;
            }
            return sn == 0 ? HEX.formatHex(r) : null;
        } catch (IllegalArgumentException | NullPointerException e) {
            return null; // not hex, or a missing value
        }
    }

    private static byte[][] leaves(List<String> rowHashes) {
        if (rowHashes.isEmpty()) {
            throw new IllegalArgumentException("a Merkle tree needs at least one leaf");
        }
        byte[][] leaves = new byte[rowHashes.size()][];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = leaf(HEX.parseHex(rowHashes.get(i)));
        }
        return leaves;
    }

    /** MTH(D[from:to]) over leaf hashes. */
    private static byte[] root(byte[][] leaves, int from, int to) {
        if (to - from == 1) {
            return leaves[from];
        }
        int split = from + split(to - from);
        return node(root(leaves, from, split), root(leaves, split, to));
    }

    /** PATH(index, D[from:to]), appended deepest first. */
    private static void path(byte[][] leaves, int index, int from, int to, List<String> path) {
        if (to - from == 1) {
            return;
        }
        int split = from + split(to - from);
        if (index < split) {
            path(leaves, index, from, split, path);
            path.add(HEX.formatHex(root(leaves, split, to)));
        } else {
            path(leaves, index, split, to, path);
            path.add(HEX.formatHex(root(leaves, from, split)));
        }
    }

    /** The largest power of two below n (n > 1). */
    private static int split(int n) {
        return Integer.highestOneBit(n - 1);
    }

    private static byte[] leaf(byte[] rowHash) {
        if (rowHash.length != 32) {
            throw new IllegalArgumentException("a row hash is 32 bytes, not " + rowHash.length);
        }
        return sha256((byte) 0, rowHash, new byte[0]);
    }

    private static byte[] node(byte[] left, byte[] right) {
        return sha256((byte) 1, left, right);
    }

    private static byte[] sha256(byte prefix, byte[] a, byte[] b) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(prefix);
            d.update(a);
            d.update(b);
            return d.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
