package io.plystra.authz.engine;

/** A grant that matches the requested resource type and action, with its scope check. */
public record Candidate(RoleRef role, MemberRoleRef memberRole, PermissionRef permission, GroupSnapshot scopeAnchor,
                        ScopeCheck scopeCheck) {
}
