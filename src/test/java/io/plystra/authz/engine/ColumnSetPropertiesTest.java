package io.plystra.authz.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * {@link ColumnSet} agrees with {@link java.util.Set} semantics: over random catalogues of 0 to 600 columns (word
 * boundaries included) and random subsets, union, intersection, difference, subset, contains, size and the names in
 * catalogue order are those of the same sets as {@code LinkedHashSet}s. Seeded like {@link EnginePropertiesTest}.
 */
class ColumnSetPropertiesTest {

    /** A catalogue and three subsets of it, drawn as name sets. */
    record Case(List<String> columns, Set<String> a, Set<String> b, Set<String> c) {
        @Override
        public String toString() {
            return "columns=" + columns.size() + " a=" + a + " b=" + b + " c=" + c;
        }
    }

    static Case generate(SplittableRandom random) {
        int size = switch (random.nextInt(6)) {
            case 0 -> random.nextInt(3); // 0..2
            case 1 -> 64 * (1 + random.nextInt(9)) + random.nextInt(3) - 1; // at a word boundary
            default -> random.nextInt(601);
        };
        List<String> columns = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            columns.add("c" + Integer.toString(random.nextInt(1 << 30), 36) + "_" + i);
        }
        return new Case(columns, subset(random, columns), subset(random, columns), subset(random, columns));
    }

    /** Empty, everything, or each column with a random density; in random order. */
    static Set<String> subset(SplittableRandom random, List<String> columns) {
        int shape = random.nextInt(10);
        if (shape == 0) {
            return new LinkedHashSet<>();
        }
        if (shape == 1) {
            return new LinkedHashSet<>(columns);
        }
        double density = random.nextDouble();
        List<String> chosen = new ArrayList<>();
        for (String c : columns) {
            if (random.nextDouble() < density) {
                chosen.add(c);
            }
        }
        java.util.Collections.shuffle(chosen, new java.util.Random(random.nextLong()));
        return new LinkedHashSet<>(chosen);
    }

    static List<String> inOrder(List<String> columns, Set<String> set) {
        return columns.stream().filter(set::contains).toList();
    }

    static Set<String> union(Set<String> x, Set<String> y) {
        Set<String> out = new LinkedHashSet<>(x);
        out.addAll(y);
        return out;
    }

    static Set<String> intersection(Set<String> x, Set<String> y) {
        Set<String> out = new LinkedHashSet<>(x);
        out.retainAll(y);
        return out;
    }

    static Set<String> difference(Set<String> x, Set<String> y) {
        Set<String> out = new LinkedHashSet<>(x);
        out.removeAll(y);
        return out;
    }

    static void same(List<String> columns, Set<String> expected, ColumnSet actual, String what) {
        assertEquals(inOrder(columns, expected), actual.names(), what + " names");
        assertEquals(expected.size(), actual.size(), what + " size");
        assertEquals(expected.isEmpty(), actual.isEmpty(), what + " isEmpty");
        assertEquals(expected.size() == columns.size(), actual.isAll(), what + " isAll");
    }

    @Test
    void setOperationsAgreeWithJavaSets(TestInfo info) {
        PropertyRun run = PropertyRun.of(getClass(), info.getTestMethod().orElseThrow().getName());
        run.forAll(ColumnSetPropertiesTest::generate, k -> {
            ColumnCatalogue catalogue = ColumnCatalogue.of(k.columns());
            ColumnSet a = ColumnSet.of(catalogue, k.a());
            ColumnSet b = ColumnSet.of(catalogue, k.b());
            ColumnSet c = catalogue.setOf(k.c());
            int n = k.columns().size();
            run.collect("columns", n == 0 ? "0" : n % 64 <= 1 || n % 64 == 63 ? "at a word boundary" : "other");
            run.collect("a subset of b", k.b().containsAll(k.a()));

            same(k.columns(), k.a(), a, "a");
            same(k.columns(), union(k.a(), k.b()), a.union(b), "a | b");
            same(k.columns(), intersection(k.a(), k.b()), a.intersect(b), "a & b");
            same(k.columns(), difference(k.a(), k.b()), a.minus(b), "a - b");
            same(k.columns(), new LinkedHashSet<>(k.columns()), ColumnSet.all(catalogue), "all");
            assertEquals(ColumnSet.none(catalogue), catalogue.none());
            same(k.columns(), Set.of(), catalogue.none(), "none");
            assertEquals(k.b().containsAll(k.a()), a.isSubsetOf(b), "a <= b");
            assertEquals(k.a().containsAll(k.b()), b.isSubsetOf(a), "b <= a");
            assertTrue(a.intersect(b).isSubsetOf(a), "a & b <= a");
            assertTrue(a.isSubsetOf(a.union(b)), "a <= a | b");
            assertTrue(a.isSubsetOf(catalogue.all()) && catalogue.none().isSubsetOf(a), "none <= a <= all");
            // algebra: distributivity and commutativity, and equality agrees with set equality
            assertEquals(a.intersect(b.union(c)), a.intersect(b).union(a.intersect(c)), "a & (b | c)");
            assertEquals(a.union(b), b.union(a), "a | b = b | a");
            assertEquals(k.a().equals(k.b()), a.equals(b), "a = b");
            assertEquals(a, catalogue.setOf(inOrder(k.columns(), k.a())), "the order names are given in does not matter");
            for (int i = 0; i < k.columns().size(); i++) {
                String name = k.columns().get(i);
                assertEquals(k.a().contains(name), a.contains(name), "contains " + name);
                assertEquals(k.a().contains(name), a.contains(i), "contains #" + i);
                assertEquals(i, catalogue.indexOf(name));
            }
            assertFalse(a.contains("no such column"));
            assertFalse(a.contains(k.columns().size()));
            assertEquals(-1, catalogue.indexOf("no such column"));
        });
        run.checkShare("columns", "at a word boundary", 10);
        run.checkShare("a subset of b", "true", 5);
    }

    @Test
    void unknownNamesAndForeignCataloguesAreRefused() {
        ColumnCatalogue catalogue = ColumnCatalogue.of(List.of("id", "email", "phone"));
        assertEquals(List.of("ssn", "dob"), catalogue.unknown(List.of("email", "ssn", "dob", "ssn")));
        assertThrows(IllegalArgumentException.class, () -> catalogue.setOf(List.of("email", "ssn")));
        assertThrows(IllegalArgumentException.class, () -> ColumnCatalogue.of(List.of("a", "b", "a")));
        ColumnCatalogue other = ColumnCatalogue.of(List.of("id", "email"));
        assertThrows(IllegalArgumentException.class, () -> catalogue.all().union(other.all()));
        ColumnCatalogue equal = ColumnCatalogue.of(List.of("id", "email", "phone"));
        assertEquals(List.of("id", "email"), catalogue.setOf(List.of("email", "id")).union(equal.setOf(List.of("id"))).names(),
                "a catalogue loaded again with the same columns mixes with the old one");
        assertEquals(List.of(), ColumnCatalogue.empty().all().names());
    }
}
