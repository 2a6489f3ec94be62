package io.plystra.authz.engine;

import java.time.Instant;

/**
 * One binding of the actor, with one permission it grants: binding (member_role row) x role x role_permission x
 * permission, or binding x permission for a binding that grants one permission directly (then every role field is
 * null). {@code subjectKind} is {@code member} (also a service's member) or {@code team}; for a team's binding
 * {@code memberRoleMemberId} is null and {@code teamId} names the team. {@code scopeAnchor} is null when
 * {@code scopeAnchorGroupId} is null or the anchor group row is missing; {@code conditions} is never null.
 * {@code roleVersion} is the role's version when the row was read (the trace records it); {@code roleLevel} its
 * level ({@code space}, {@code global}, {@code organization}): a global role has no space and passes the role's
 * same-space check (step 5), and so does an organization role ({@code roleOrganizationId}) in a space of its
 * organization or of one below it.
 */
public record Grant(String roleId, String roleKey, String roleSpaceId, String roleStatus,
                    String memberRoleId, String memberRoleMemberId, String memberRoleSpaceId, String memberRoleStatus,
                    Instant memberRoleExpiresAt,
                    String rolePermissionId, String rolePermissionStatus,
                    String permissionId, String permissionResource, String permissionAction, String permissionScope,
                    String permissionStatus,
                    String scopeAnchorGroupId, GroupSnapshot scopeAnchor,
                    int roleVersion, String roleLevel, String roleOrganizationId,
                    String subjectKind, String teamId, Conditions conditions) {

    public static final String SPACE_ROLE = "space";
    public static final String ORGANIZATION_ROLE = "organization";
    public static final String GLOBAL_ROLE = "global";
    public static final String MEMBER = "member";
    public static final String TEAM = "team";

    public Grant {
        roleLevel = roleLevel == null ? SPACE_ROLE : roleLevel;
        subjectKind = subjectKind == null ? MEMBER : subjectKind;
        conditions = conditions == null ? Conditions.NONE : conditions;
    }

    /** A v1.0 grant: a member's binding of a space role at version 1, without conditions. */
    public Grant(String roleId, String roleKey, String roleSpaceId, String roleStatus,
                 String memberRoleId, String memberRoleMemberId, String memberRoleSpaceId, String memberRoleStatus,
                 Instant memberRoleExpiresAt,
                 String rolePermissionId, String rolePermissionStatus,
                 String permissionId, String permissionResource, String permissionAction, String permissionScope,
                 String permissionStatus,
                 String scopeAnchorGroupId, GroupSnapshot scopeAnchor) {
        this(roleId, roleKey, roleSpaceId, roleStatus, memberRoleId, memberRoleMemberId, memberRoleSpaceId, memberRoleStatus,
                memberRoleExpiresAt, rolePermissionId, rolePermissionStatus, permissionId, permissionResource,
                permissionAction, permissionScope, permissionStatus, scopeAnchorGroupId, scopeAnchor, 1, SPACE_ROLE,
                null, MEMBER, null, Conditions.NONE);
    }

    /** Whether this binding grants its permission directly, without a role. */
    public boolean direct() {
        return roleId == null;
    }
}
