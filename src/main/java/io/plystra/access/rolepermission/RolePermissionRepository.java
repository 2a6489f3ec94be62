package io.plystra.access.rolepermission;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.kernel.KeysetQuery;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class RolePermissionRepository implements PanacheRepositoryBase<RolePermission, String> {

    /**
     * Up to {@code limit + 1} role-permissions after the cursor, oldest first, narrowed by the optional
     * filters; {@code only} restricts to roles of those spaces, null means every space.
     */
    public Uni<List<RolePermission>> page(PageRequest page, String roleId, String permissionId, String status,
                                          Set<String> only) {
        return KeysetQuery.after(page).eq("roleId", roleId).eq("permissionId", permissionId)
                .status(status, Status.REVOCABLE)
                .where("roleId in (select r.id from Role r where r.spaceId in :only)", "only",
                        only == null ? null : only.isEmpty() ? Set.of("") : only)
                .list(this);
    }

    /** The role's active role-permissions. */
    public Uni<List<RolePermission>> activeOf(String roleId) {
        return find("roleId = ?1 and status = ?2", roleId, Status.ACTIVE).list();
    }
}
