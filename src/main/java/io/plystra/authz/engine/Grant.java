package io.plystra.authz.engine;

import java.time.Instant;

/**
 * One row of member_role x role x role_permission x permission for the actor's member. {@code scopeAnchor} is null
 * when {@code scopeAnchorGroupId} is null or the anchor group row is missing. {@code roleVersion} is the role's
 * version when the row was read (the trace records it); {@code roleLevel} its level ({@code space}, {@code global},
 * {@code organization}): a global role has no space and passes the role's same-space check (step 5).
 */
public record Grant(String roleId, String roleKey, String roleSpaceId, String roleStatus,
                    String memberRoleId, String memberRoleMemberId, String memberRoleSpaceId, String memberRoleStatus,
                    Instant memberRoleExpiresAt,
                    String rolePermissionId, String rolePermissionStatus,
                    String permissionId, String permissionResource, String permissionAction, String permissionScope,
                    String permissionStatus,
                    String scopeAnchorGroupId, GroupSnapshot scopeAnchor,
                    int roleVersion, String roleLevel) {

    public static final String SPACE_ROLE = "space";
    public static final String GLOBAL_ROLE = "global";

    /** A row of a space role at version 1 (the v1.0 shape of a grant). */
    public Grant(String roleId, String roleKey, String roleSpaceId, String roleStatus,
                 String memberRoleId, String memberRoleMemberId, String memberRoleSpaceId, String memberRoleStatus,
                 Instant memberRoleExpiresAt,
                 String rolePermissionId, String rolePermissionStatus,
                 String permissionId, String permissionResource, String permissionAction, String permissionScope,
                 String permissionStatus,
                 String scopeAnchorGroupId, GroupSnapshot scopeAnchor) {
        this(roleId, roleKey, roleSpaceId, roleStatus, memberRoleId, memberRoleMemberId, memberRoleSpaceId, memberRoleStatus,
                memberRoleExpiresAt, rolePermissionId, rolePermissionStatus, permissionId, permissionResource,
                permissionAction, permissionScope, permissionStatus, scopeAnchorGroupId, scopeAnchor, 1, SPACE_ROLE);
    }
}
