package io.plystra.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * {@link MerkleTree} against RFC 6962 written out by hand for small trees, and against a
 * brute-force recomputation (the tree built level by level, an odd node carried up unchanged,
 * which is the same tree) for every size from 1 to 200 and every leaf.
 */
class MerkleTreeTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void smallTreesAreTheRfc6962Trees() {
        List<String> d = rowHashes(7, new Random(1));
        String a = leaf(d.get(0)), b = leaf(d.get(1)), c = leaf(d.get(2)), e = leaf(d.get(3));
        String f = leaf(d.get(4)), g = leaf(d.get(5)), h = leaf(d.get(6));
        // size → expected root, written as RFC 6962 2.1 splits it (k = largest power of two below n).
        Object[][] table = {
                {1, a},
                {2, node(a, b)},
                {3, node(node(a, b), c)},
                {4, node(node(a, b), node(c, e))},
                {5, node(node(node(a, b), node(c, e)), f)},
                {6, node(node(node(a, b), node(c, e)), node(f, g))},
                {7, node(node(node(a, b), node(c, e)), node(node(f, g), h))},
        };
        for (Object[] row : table) {
            int n = (Integer) row[0];
            assertEquals(row[1], MerkleTree.root(d.subList(0, n)), "root of " + n + " leaves");
        }
        // Paths from the leaf up (RFC 6962 2.1.1, the tree of 7 leaves).
        assertEquals(List.of(b, node(c, e), node(node(f, g), h)), MerkleTree.path(d, 0));
        assertEquals(List.of(c, node(a, b), node(node(f, g), h)), MerkleTree.path(d, 3));
        assertEquals(List.of(node(f, g), node(node(a, b), node(c, e))), MerkleTree.path(d, 6));
        assertEquals(List.of(), MerkleTree.path(d.subList(0, 1), 0));
    }

    @Test
    void everyLeafOfEverySizeUpTo200ProvesTheBruteForceRoot() {
        Random random = new Random(6962);
        List<String> all = rowHashes(200, random);
        for (int n = 1; n <= 200; n++) {
            List<String> d = all.subList(0, n);
            String root = bruteForceRoot(d);
            assertEquals(root, MerkleTree.root(d), "root of " + n);
            for (int i = 0; i < n; i++) {
                List<String> path = MerkleTree.path(d, i);
                assertEquals(root, MerkleTree.rootFromPath(d.get(i), i, n, path), "leaf " + i + " of " + n);
                if (!path.isEmpty()) {
                    List<String> changed = new ArrayList<>(path);
                    int at = random.nextInt(path.size());
                    changed.set(at, d.get(random.nextInt(n)));
                    assertNotEquals(root, MerkleTree.rootFromPath(d.get(i), i, n, changed), "sibling " + at + " changed");
                    assertNotEquals(root, MerkleTree.rootFromPath(d.get(i), (i + 1) % n, n, path), "another index");
                }
                if (n > 1) {
                    assertNotEquals(root, MerkleTree.rootFromPath(d.get((i + 1) % n), i, n, path), "another row");
                }
            }
        }
    }

    @Test
    void aPathThatCannotFitTheTreeLeadsNowhere() {
        List<String> d = rowHashes(5, new Random(2));
        List<String> path = MerkleTree.path(d, 2);
        assertNull(MerkleTree.rootFromPath(d.get(2), 5, 5, path), "index beyond the tree");
        assertNull(MerkleTree.rootFromPath(d.get(2), 2, 5, path.subList(0, 1)), "path too short");
        List<String> longer = new ArrayList<>(path);
        longer.add(d.get(0));
        assertNull(MerkleTree.rootFromPath(d.get(2), 2, 5, longer), "path too long");
        assertNull(MerkleTree.rootFromPath("not hex", 2, 5, path), "not a hash");
        assertNull(MerkleTree.rootFromPath(d.get(2), 2, 5, List.of("ab", path.get(1), path.get(2))), "a short sibling");
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.root(List.of()));
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.path(d, 5));
    }

    /** Level by level: pair neighbours, carry an odd last node up unchanged. */
    private static String bruteForceRoot(List<String> rowHashes) {
        List<String> level = rowHashes.stream().map(MerkleTreeTest::leaf).toList();
        while (level.size() > 1) {
            List<String> up = new ArrayList<>();
            for (int i = 0; i < level.size(); i += 2) {
                up.add(i + 1 < level.size() ? node(level.get(i), level.get(i + 1)) : level.get(i));
            }
            level = up;
        }
        return level.get(0);
    }

    private static List<String> rowHashes(int n, Random random) {
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] b = new byte[32];
            random.nextBytes(b);
            hashes.add(HEX.formatHex(b));
        }
        return hashes;
    }

    private static String leaf(String rowHash) {
        return sha256(new byte[] {0}, HEX.parseHex(rowHash));
    }

    private static String node(String left, String right) {
        return sha256(new byte[] {1}, HEX.parseHex(left), HEX.parseHex(right));
    }

    private static String sha256(byte[]... parts) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                d.update(p);
            }
            return HEX.formatHex(d.digest());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
