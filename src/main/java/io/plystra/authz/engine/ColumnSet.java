package io.plystra.authz.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A set of the columns of one {@link ColumnCatalogue}, as a bitmap: bit {@code i} of {@code words} is
 * the catalogue's column {@code i}. Union, intersection, difference and subset take O(columns / 64).
 * Immutable; sets of different catalogues do not mix ({@link IllegalArgumentException}).
 */
public final class ColumnSet {

    private final ColumnCatalogue catalogue;
    private final long[] words;

    ColumnSet(ColumnCatalogue catalogue, long[] words) {
        this.catalogue = catalogue;
        this.words = words;
    }

    /** The set of {@code names} over {@code catalogue}; a name outside it is an {@link IllegalArgumentException}. */
    public static ColumnSet of(ColumnCatalogue catalogue, java.util.Collection<String> names) {
        return catalogue.setOf(names);
    }

    /** Every column of {@code catalogue}. */
    public static ColumnSet all(ColumnCatalogue catalogue) {
        return catalogue.all();
    }

    /** No column of {@code catalogue}. */
    public static ColumnSet none(ColumnCatalogue catalogue) {
        return catalogue.none();
    }

    static int words(int columns) {
        return (columns + 63) >>> 6;
    }

    public ColumnCatalogue catalogue() {
        return catalogue;
    }

    public ColumnSet union(ColumnSet other) {
        long[] o = same(other);
        long[] out = words.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] |= o[i];
        }
        return new ColumnSet(catalogue, out);
    }

    public ColumnSet intersect(ColumnSet other) {
        long[] o = same(other);
        long[] out = words.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] &= o[i];
        }
        return new ColumnSet(catalogue, out);
    }

    /** The columns of this set that are not in {@code other}. */
    public ColumnSet minus(ColumnSet other) {
        long[] o = same(other);
        long[] out = words.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] &= ~o[i];
        }
        return new ColumnSet(catalogue, out);
    }

    /** Whether every column of this set is in {@code other}. */
    public boolean isSubsetOf(ColumnSet other) {
        long[] o = same(other);
        for (int i = 0; i < words.length; i++) {
            if ((words[i] & ~o[i]) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code name} is a column of the catalogue and in this set. */
    public boolean contains(String name) {
        int i = catalogue.indexOf(name);
        return i >= 0 && contains(i);
    }

    /** Whether the catalogue's column {@code index} is in this set. */
    public boolean contains(int index) {
        return index >= 0 && index < catalogue.size() && (words[index >>> 6] & (1L << index)) != 0;
    }

    public int size() {
        int n = 0;
        for (long w : words) {
            n += Long.bitCount(w);
        }
        return n;
    }

    public boolean isEmpty() {
        for (long w : words) {
            if (w != 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether this set holds every column of its catalogue. */
    public boolean isAll() {
        return size() == catalogue.size();
    }

    /** The names of the columns of this set, in catalogue order. */
    public List<String> names() {
        List<String> out = new ArrayList<>(size());
        List<String> all = catalogue.names();
        for (int w = 0; w < words.length; w++) {
            long bits = words[w];
            while (bits != 0) {
                int bit = Long.numberOfTrailingZeros(bits);
                out.add(all.get((w << 6) + bit));
                bits &= bits - 1;
            }
        }
        return List.copyOf(out);
    }

    private long[] same(ColumnSet other) {
        if (other.catalogue != catalogue && !other.catalogue.equals(catalogue)) {
            throw new IllegalArgumentException("column sets of different catalogues");
        }
        return other.words;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof ColumnSet other && catalogue.equals(other.catalogue) && Arrays.equals(words, other.words);
    }

    @Override
    public int hashCode() {
        return 31 * catalogue.hashCode() + Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return names().toString();
    }
}
