package io.plystra.kernel;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;


/**
 * An active admin grant of the caller: level, where it applies, and which permission key it carries.
 * Instance grants apply everywhere and a {@code space_admin} grant in its whole space. An
 * {@code organization_admin} grant applies to its organization and every organization below it
 * ({@code organizations}) and in the whole of every space of those ({@code organizationSpaces}), both read
 * when the caller was resolved (the caller cache drops it on any change of an organization or a space). A
 * {@code group_admin} grant never applies to a whole space: only to its group and the groups below it
 * ({@code groupPath}, the group's immutable materialised path; {@link #appliesToGroup}).
 */
public record AdminGrant(String id, String level, String spaceId, String groupId, String groupPath, String permissionKey,
                         String organizationId, Set<String> organizations, Set<String> organizationSpaces) {

    public static final String SUPER_ADMIN = "instance_super_admin";
    public static final String INSTANCE_ADMIN = "instance_admin";
    public static final String ORGANIZATION_ADMIN = "organization_admin";
    public static final String SPACE_ADMIN = "space_admin";
    public static final String GROUP_ADMIN = "group_admin";
    /** Broadest first. */
    public static final List<String> LEVELS = List.of(SUPER_ADMIN, INSTANCE_ADMIN, ORGANIZATION_ADMIN, SPACE_ADMIN, GROUP_ADMIN);
    public static final String KEY_FORMAT = "*, <resource>:* or <resource>:<verb>";
    private static final Pattern KEY = Pattern.compile("\\*|[a-z][a-z_]{0,62}:(\\*|[a-z][a-z_]{0,62})");

    public AdminGrant {
        organizations = organizations == null ? Set.of() : Set.copyOf(organizations);
        organizationSpaces = organizationSpaces == null ? Set.of() : Set.copyOf(organizationSpaces);
    }

    /** A grant of no organization. */
    public AdminGrant(String id, String level, String spaceId, String groupId, String groupPath, String permissionKey) {
        this(id, level, spaceId, groupId, groupPath, permissionKey, null, Set.of(), Set.of());
    }

    /** Whether this grant's key covers {@code permission} ({@code *}, {@code users:*}, or exact). */
    public boolean coversKey(String permission) {
        if ("*".equals(permissionKey) || permissionKey.equals(permission)) {
            return true;
        }
        int colon = permission.indexOf(':');
        return colon > 0 && permissionKey.equals(permission.substring(0, colon) + ":*");
    }

    /**
     * Whether this grant applies in the whole of {@code space} ({@code null}: the route names no space, only
     * instance grants apply). Never for a {@code group_admin} grant.
     */
    public boolean appliesIn(String space) {
        if (instanceLevel(level)) {
            return true;
        }
        if (ORGANIZATION_ADMIN.equals(level)) {
            return space != null && organizationSpaces.contains(space);
        }
        return SPACE_ADMIN.equals(level) && space != null && space.equals(spaceId);
    }

    /** Whether this grant applies to whole spaces (every level but {@code group_admin}), wherever those are. */
    public boolean appliesToWholeSpaces() {
        return !GROUP_ADMIN.equals(level);
    }

    /** Whether this grant applies to {@code organization}: an instance grant, or one of its organization or an ancestor's. */
    public boolean appliesToOrganization(String organization) {
        return instanceLevel(level) || (ORGANIZATION_ADMIN.equals(level) && organization != null
                && organizations.contains(organization));
    }

    /** Whether this grant applies to some part of {@code space}: in all of it, or a {@code group_admin} grant of that space. */
    public boolean appliesWithin(String space) {
        return appliesIn(space) || (GROUP_ADMIN.equals(level) && space != null && space.equals(spaceId));
    }

    /**
     * Whether this grant applies to the group at {@code path} in {@code space}: in the whole space, or a
     * {@code group_admin} grant of that space over that group or one of its ancestors. A null path (no
     * group) is reached only by space-wide grants.
     */
    public boolean appliesToGroup(String space, String path) {
        return appliesIn(space) || (appliesWithin(space) && coversPath(groupPath, path));
    }

    /** Whether this grant's level is {@code other} or broader. */
    public boolean atLeast(String other) {
        int mine = LEVELS.indexOf(level);
        return mine >= 0 && mine <= LEVELS.indexOf(other);
    }

    /** Whether {@code key} is a permission key: {@link #KEY_FORMAT}. */
    public static boolean wellFormedKey(String key) {
        return key != null && KEY.matcher(key).matches();
    }

    public static boolean instanceLevel(String level) {
        return SUPER_ADMIN.equals(level) || INSTANCE_ADMIN.equals(level);
    }

    /** The group_tree containment of dotted paths: {@code finance} covers {@code finance.apac}, never {@code finance_old}. */
    static boolean coversPath(String anchorPath, String path) {
        return anchorPath != null && !anchorPath.isEmpty() && path != null
                && (path.equals(anchorPath) || path.startsWith(anchorPath + "."));
    }
}
