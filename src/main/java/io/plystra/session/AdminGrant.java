package io.plystra.session;

/** An active admin grant of the caller: level, where it applies, and which permission key it carries. */
public record AdminGrant(String id, String level, String spaceId, String groupId, String permissionKey) {

    public static final String SUPER_ADMIN = "instance_super_admin";

    /** Whether this grant's key covers {@code permission} ({@code *}, {@code users:*}, or exact). */
    public boolean coversKey(String permission) {
        if ("*".equals(permissionKey) || permissionKey.equals(permission)) {
            return true;
        }
        int colon = permission.indexOf(':');
        return colon > 0 && permissionKey.equals(permission.substring(0, colon) + ":*");
    }

    /** Whether this grant applies in {@code space} ({@code null}: the route names no space, only instance grants apply). */
    public boolean appliesIn(String space) {
        if (level.startsWith("instance_")) {
            return true;
        }
        return space != null && space.equals(spaceId);
    }
}
