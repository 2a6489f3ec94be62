package io.plystra.authz.engine;

/**
 * The group_tree containment test: a segment-boundary prefix test on dotted group paths.
 * Anchor {@code finance} covers {@code finance} and {@code finance.apac}, never {@code finance_old},
 * {@code financeold} or {@code finance-old}. Plain string comparison: no character is a wildcard.
 */
public final class GroupTreeScope {

    public static final String RULE = "target_path = anchor_path OR target_path LIKE anchor_path || '.%'";

    private GroupTreeScope() {
    }

    public static boolean covers(String anchorPath, String targetPath) {
        if (anchorPath == null || anchorPath.isEmpty() || targetPath == null) {
            return false;
        }
        return targetPath.equals(anchorPath) || targetPath.startsWith(anchorPath + ".");
    }
}
