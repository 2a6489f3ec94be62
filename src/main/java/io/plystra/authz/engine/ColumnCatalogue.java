package io.plystra.authz.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ordered columns of one resource type: the universe of its {@link ColumnSet}s. Column {@code i}
 * of {@link #names()} is bit {@code i} of every set over this catalogue. Immutable.
 */
public final class ColumnCatalogue {

    private static final ColumnCatalogue EMPTY = new ColumnCatalogue(List.of());

    private final List<String> names;
    private final Map<String, Integer> index;
    private final ColumnSet all;
    private final ColumnSet none;
    private final int hash;

    private ColumnCatalogue(List<String> names) {
        this.names = List.copyOf(names);
        Map<String, Integer> positions = new HashMap<>(names.size() * 2);
        for (int i = 0; i < this.names.size(); i++) {
            if (positions.put(this.names.get(i), i) != null) {
                throw new IllegalArgumentException("column named twice: " + this.names.get(i));
            }
        }
        this.index = Map.copyOf(positions);
        this.none = new ColumnSet(this, new long[ColumnSet.words(this.names.size())]);
        long[] every = new long[ColumnSet.words(this.names.size())];
        for (int i = 0; i < this.names.size(); i++) {
            every[i >>> 6] |= 1L << i;
        }
        this.all = new ColumnSet(this, every);
        this.hash = this.names.hashCode();
    }

    /** The catalogue of these names, in this order; a name given twice is an {@link IllegalArgumentException}. */
    public static ColumnCatalogue of(List<String> names) {
        return names.isEmpty() ? EMPTY : new ColumnCatalogue(names);
    }

    public static ColumnCatalogue empty() {
        return EMPTY;
    }

    /** The column names in catalogue order. */
    public List<String> names() {
        return names;
    }

    public int size() {
        return names.size();
    }

    public boolean contains(String name) {
        return index.containsKey(name);
    }

    /** The position of {@code name}, or -1 when it is no column of this catalogue. */
    public int indexOf(String name) {
        Integer i = index.get(name);
        return i == null ? -1 : i;
    }

    /** The names of {@code names} that are no column of this catalogue, in the order given (duplicates once). */
    public List<String> unknown(Collection<String> names) {
        List<String> out = new ArrayList<>();
        for (String name : names) {
            if (!index.containsKey(name) && !out.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }

    /** Every column. */
    public ColumnSet all() {
        return all;
    }

    /** No column. */
    public ColumnSet none() {
        return none;
    }

    /** The set of {@code names}; a name outside the catalogue is an {@link IllegalArgumentException} (see {@link #unknown}). */
    public ColumnSet setOf(Collection<String> names) {
        long[] words = new long[ColumnSet.words(this.names.size())];
        for (String name : names) {
            Integer i = index.get(name);
            if (i == null) {
                throw new IllegalArgumentException("no column " + name + " in the catalogue");
            }
            words[i >>> 6] |= 1L << i;
        }
        return new ColumnSet(this, words);
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof ColumnCatalogue other && names.equals(other.names);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "ColumnCatalogue" + names;
    }
}
