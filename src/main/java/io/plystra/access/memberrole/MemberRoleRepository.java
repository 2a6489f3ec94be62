package io.plystra.access.memberrole;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.kernel.KeysetQuery;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class MemberRoleRepository implements PanacheRepositoryBase<MemberRole, String> {

    /** The member-role (a member's binding of a role) with this id in this space, or null. */
    public Uni<MemberRole> inSpace(String spaceId, String id) {
        return find("id = ?1 and spaceId = ?2 and subjectKind = ?3 and roleId is not null", id, spaceId, MemberRole.SUBJECT_MEMBER)
                .firstResult();
    }

    /** Any binding with this id in this space, or null. */
    public Uni<MemberRole> bindingInSpace(String spaceId, String id) {
        return find("id = ?1 and spaceId = ?2", id, spaceId).firstResult();
    }

    /**
     * Up to {@code limit + 1} bindings of the space after the cursor, oldest first, filtered by whichever of subject
     * kind, subject id (member or team), role, permission and status are given.
     */
    public Uni<List<MemberRole>> bindings(String spaceId, PageRequest page, String subjectKind, String subjectId, String roleId,
                                          String permissionId, String status) {
        return KeysetQuery.after(page).eq("spaceId", spaceId)
                .oneOf("subject_kind", "subjectKind", subjectKind, java.util.Set.of(MemberRole.SUBJECT_MEMBER,
                        MemberRole.SUBJECT_SERVICE, MemberRole.SUBJECT_TEAM))
                .where("memberId = :subject or teamId = :subject", "subject", subjectId)
                .eq("roleId", roleId).eq("permissionId", permissionId)
                .status(status, Status.REVOCABLE).list(this);
    }

    /**
     * Up to {@code limit + 1} member-roles of the space after the cursor, oldest first, optionally of one
     * member, one role, one status; a bad status filter is 400 at once.
     */
    public Uni<List<MemberRole>> page(String spaceId, PageRequest page, String memberId, String roleId, String status) {
        return KeysetQuery.after(page).eq("spaceId", spaceId).where("subjectKind = :kind and roleId is not null", "kind", MemberRole.SUBJECT_MEMBER)
                .eq("memberId", memberId).eq("roleId", roleId)
                .status(status, Status.REVOCABLE).list(this);
    }

    /**
     * Whether the member already holds the role at this anchor through a binding in force at {@code now} without
     * conditions (a conditional binding of the same role does not stand in for an unconditional one).
     */
    public Uni<Boolean> inForce(String memberId, String roleId, String anchorGroupId, Instant now) {
        String anchor = anchorGroupId == null ? "scopeAnchorGroupId is null" : "scopeAnchorGroupId = :anchor";
        Parameters params = Parameters.with("member", memberId).and("role", roleId).and("active", Status.ACTIVE)
                .and("now", now);
        if (anchorGroupId != null) {
            params.and("anchor", anchorGroupId);
        }
        return count("memberId = :member and roleId = :role and status = :active and (expiresAt is null or expiresAt > :now) and "
                + "conditions is null and " + anchor, params).map(n -> n > 0);
    }
}
