package io.plystra.authz.engine;

import java.util.List;

/**
 * A grant that matches the requested resource type and action, with its scope check and, when it is covered, its
 * condition check. {@code role} is null for a binding that grants its permission directly; {@code via} is the path of
 * teams from the member to the team holding the binding (null for the member's own binding); {@code conditions} and
 * {@code conditionCheck} are null for a binding without conditions, {@code conditionCheck} also for an uncovered one.
 */
public record Candidate(RoleRef role, MemberRoleRef memberRole, PermissionRef permission, GroupSnapshot scopeAnchor,
                        ScopeCheck scopeCheck, SubjectRef subject, List<TeamRef> via, Conditions conditions,
                        ConditionCheck conditionCheck) {

    public Candidate(RoleRef role, MemberRoleRef memberRole, PermissionRef permission, GroupSnapshot scopeAnchor,
                     ScopeCheck scopeCheck) {
        this(role, memberRole, permission, scopeAnchor, scopeCheck, null, null, null, null);
    }

    /** Covered by its scope and every condition held. */
    public boolean allows() {
        return scopeCheck.covered() && (conditionCheck == null || conditionCheck.satisfied());
    }

    /** The code this candidate denies with: its scope's when uncovered, else its conditions'. */
    public DenyCode denyCode() {
        if (!scopeCheck.covered()) {
            return scopeCheck.denyCode() == null ? DenyCode.SCOPE_OUT_OF_BOUNDS : scopeCheck.denyCode();
        }
        return conditionCheck == null || conditionCheck.satisfied() ? null : conditionCheck.denyCode();
    }
}
