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

    /** The member-role with this id in this space, or null. */
    public Uni<MemberRole> inSpace(String spaceId, String id) {
        return find("id = ?1 and spaceId = ?2", id, spaceId).firstResult();
    }

    /**
     * Up to {@code limit + 1} member-roles of the space after the cursor, oldest first, optionally of one
     * member, one role, one status; a bad status filter is 400 at once.
     */
    public Uni<List<MemberRole>> page(String spaceId, PageRequest page, String memberId, String roleId, String status) {
        return KeysetQuery.after(page).eq("spaceId", spaceId).eq("memberId", memberId).eq("roleId", roleId)
                .status(status, Status.REVOCABLE).list(this);
    }

    /** Whether the member already holds the role at this anchor through a binding in force at {@code now}. */
    public Uni<Boolean> inForce(String memberId, String roleId, String anchorGroupId, Instant now) {
        String anchor = anchorGroupId == null ? "scopeAnchorGroupId is null" : "scopeAnchorGroupId = :anchor";
        Parameters params = Parameters.with("member", memberId).and("role", roleId).and("active", Status.ACTIVE)
                .and("now", now);
        if (anchorGroupId != null) {
            params.and("anchor", anchorGroupId);
        }
        return count("memberId = :member and roleId = :role and status = :active and (expiresAt is null or expiresAt > :now) and "
                + anchor, params).map(n -> n > 0);
    }
}
