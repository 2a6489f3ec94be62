package io.plystra.authz.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Column-level answers over a row-level {@link Decision}: which columns of the type's {@link ColumnCatalogue} its
 * allowing candidates grant. A candidate whose conditions list no {@code column_groups} grants every column; one that
 * lists groups grants their union (a group the type does not have grants nothing). A denied decision grants none.
 */
public final class ColumnDecisions {

    private ColumnDecisions() {
    }

    /** A column refused, and why: {@link DenyCode#UNKNOWN_COLUMN}, {@link DenyCode#COLUMN_NOT_GRANTED} or the row's code. */
    public record DeniedColumn(String column, DenyCode denyCode) {
    }

    /** {@code allowAll}: every column of the catalogue is granted. */
    public record ColumnCheck(boolean allowAll, List<String> allowed, List<DeniedColumn> denied) {
    }

    /** A granted column and the groups it is granted through ({@code *}: a binding without column groups). */
    public record AllowedColumn(String column, List<String> groups) {
    }

    public record AllowedColumns(boolean allowAll, List<AllowedColumn> columns) {
    }

    /** The group name that stands for "every column", granted by a binding without column groups. */
    public static final String EVERY_COLUMN = "*";

    /** The granted columns: the union over the allowing candidates. */
    public static ColumnSet granted(Decision decision, ColumnCatalogue catalogue, Map<String, ColumnSet> groups) {
        ColumnSet out = catalogue.none();
        if (!decision.allows()) {
            return out;
        }
        for (Candidate c : decision.matchedCandidates()) {
            if (!c.allows()) {
                continue;
            }
            List<String> named = c.conditions() == null ? null : c.conditions().columnGroups();
            if (named == null) {
                return catalogue.all();
            }
            for (String g : named) {
                ColumnSet set = groups.get(g);
                if (set != null) {
                    out = out.union(set);
                }
            }
        }
        return out;
    }

    /** Each asked column (in the order asked, duplicates once) allowed or denied with its code. */
    public static ColumnCheck check(Decision decision, ColumnCatalogue catalogue, Map<String, ColumnSet> groups, List<String> asked) {
        ColumnSet granted = granted(decision, catalogue, groups);
        List<String> allowed = new ArrayList<>();
        List<DeniedColumn> denied = new ArrayList<>();
        for (String column : new LinkedHashSet<>(asked)) {
            if (!catalogue.contains(column)) {
                denied.add(new DeniedColumn(column, DenyCode.UNKNOWN_COLUMN));
            } else if (granted.contains(column)) {
                allowed.add(column);
            } else {
                denied.add(new DeniedColumn(column, decision.allows() ? DenyCode.COLUMN_NOT_GRANTED : decision.denyCode()));
            }
        }
        return new ColumnCheck(catalogue.size() > 0 && granted.isAll(), List.copyOf(allowed), List.copyOf(denied));
    }

    /** Every granted column in catalogue order, with the groups (of the allowing candidates) that grant it. */
    public static AllowedColumns allowed(Decision decision, ColumnCatalogue catalogue, Map<String, ColumnSet> groups) {
        ColumnSet granted = granted(decision, catalogue, groups);
        Set<String> through = new TreeSet<>();
        if (decision.allows()) {
            for (Candidate c : decision.matchedCandidates()) {
                if (c.allows()) {
                    List<String> named = c.conditions() == null ? null : c.conditions().columnGroups();
                    if (named == null) {
                        through.add(EVERY_COLUMN);
                    } else {
                        through.addAll(named);
                    }
                }
            }
        }
        List<AllowedColumn> out = new ArrayList<>();
        for (String column : granted.names()) {
            List<String> via = new ArrayList<>();
            for (String g : through) {
                ColumnSet set = EVERY_COLUMN.equals(g) ? granted : groups.get(g);
                if (set != null && set.contains(column)) {
                    via.add(g);
                }
            }
            out.add(new AllowedColumn(column, List.copyOf(via)));
        }
        return new AllowedColumns(catalogue.size() > 0 && granted.isAll(), List.copyOf(out));
    }
}
