package io.plystra.authz.engine;

import java.time.Instant;

/**
 * One row of member_role x role x role_permission x permission for the actor's member. {@code scopeAnchor} is null
 * when {@code scopeAnchorGroupId} is null or the anchor group row is missing.
 */
public record Grant(String roleId, String roleKey, String roleSpaceId, String roleStatus,
                    String memberRoleId, String memberRoleMemberId, String memberRoleSpaceId, String memberRoleStatus,
                    Instant memberRoleExpiresAt,
                    String rolePermissionId, String rolePermissionStatus,
                    String permissionId, String permissionResource, String permissionAction, String permissionScope,
                    String permissionStatus,
                    String scopeAnchorGroupId, GroupSnapshot scopeAnchor) {
}
