package io.plystra.access.rolepermission;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.access.permission.PermissionRepository;
import io.plystra.access.role.Role;
import io.plystra.access.role.RoleRepository;
import io.plystra.audit.MutationAudit;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.DatabaseErrors;
import io.plystra.kernel.DbTime;
import io.plystra.kernel.Ids;
import io.plystra.kernel.KeysetQuery;
import io.plystra.kernel.Page;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.RequestInfo;
import io.plystra.kernel.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Role-permissions are addressed instance-wide ({@code /role-permissions}) but belong to their role's
 * space: {@code permissions:*} must be held instance-wide or in that space.
 */
@ApplicationScoped
public class RolePermissionService {

    static final Set<String> STATUSES = Set.of("active", "revoked");

    private final RolePermissionRepository rolePermissions;
    private final RoleRepository roles;
    private final PermissionRepository permissions;
    private final MutationAudit audit;

    public RolePermissionService(RolePermissionRepository rolePermissions, RoleRepository roles,
                                 PermissionRepository permissions, MutationAudit audit) {
        this.rolePermissions = rolePermissions;
        this.roles = roles;
        this.permissions = permissions;
        this.audit = audit;
    }

    @WithSession
    public Uni<Page<RolePermissionView>> list(Caller caller, PageRequest page, String roleId, String permissionId,
                                              String status) {
        KeysetQuery query = KeysetQuery.after(page).eq("roleId", roleId).eq("permissionId", permissionId)
                .oneOf("status", "status", status, STATUSES);
        if (!caller.instanceWide("permissions:read")) {
            Set<String> spaces = caller.spacesWith("permissions:read");
            query.where("roleId in (select r.id from Role r where r.spaceId in :spaces)", "spaces",
                    spaces.isEmpty() ? Set.of("") : spaces);
        }
        return query.list(rolePermissions)
                .map(rows -> Page.of(rows, page.limit(), r -> r.createdAt, r -> r.id, RolePermissionView::of));
    }

    @WithSession
    public Uni<RolePermissionView> get(Caller caller, String id) {
        return find(id).call(rp -> roleSpace(caller, "permissions:read", rp.roleId)).map(RolePermissionView::of);
    }

    @WithTransaction
    public Uni<RolePermissionView> create(Caller caller, RequestInfo request, RolePermissionCreate body) {
        if (body == null || body.roleId() == null || body.roleId().isBlank()) {
            throw ApiException.validation("role_id", "is required");
        }
        if (body.permissionId() == null || body.permissionId().isBlank()) {
            throw ApiException.validation("permission_id", "is required");
        }
        RolePermission rp = new RolePermission();
        rp.id = Ids.givenOrNew(body.id(), "rp");
        rp.roleId = body.roleId();
        rp.permissionId = body.permissionId();
        rp.status = "active";
        rp.createdAt = DbTime.now();
        rp.updatedAt = rp.createdAt;
        return roles.findById(rp.roleId)
                .invoke(role -> {
                    if (role == null) {
                        throw ApiException.validation("role_id", "must be an existing role");
                    }
                    caller.require("permissions:manage", role.spaceId);
                })
                .call(role -> permissions.findById(rp.permissionId).invoke(p -> {
                    if (p == null) {
                        throw ApiException.validation("permission_id", "must be an existing permission");
                    }
                }))
                .call(role -> rolePermissions.persistAndFlush(rp)
                        .onFailure(DatabaseErrors::uniqueViolation)
                        .transform(e -> ApiException.conflict("role_permission", "this role already holds this permission, or the id is taken")))
                .flatMap(role -> audit.record(caller, request, "role_permission", "created", rp.id, role.spaceId,
                        RolePermissionView.of(rp)))
                .replaceWith(() -> RolePermissionView.of(rp));
    }

    /** Revoking twice keeps the first revocation time. */
    @WithTransaction
    public Uni<RolePermissionView> revoke(Caller caller, RequestInfo request, String id) {
        return find(id).flatMap(rp -> roleSpace(caller, "permissions:manage", rp.roleId).flatMap(spaceId -> {
            if (!"revoked".equals(rp.status)) {
                rp.status = "revoked";
                rp.revokedAt = DbTime.now();
            }
            rp.updatedAt = DbTime.now();
            return rolePermissions.flush()
                    .flatMap(v -> audit.record(caller, request, "role_permission", "revoked", rp.id, spaceId,
                            RolePermissionView.of(rp)))
                    .replaceWith(() -> RolePermissionView.of(rp));
        }));
    }

    /** The space of the role, once the caller is known to hold {@code permission} there. */
    private Uni<String> roleSpace(Caller caller, String permission, String roleId) {
        return roles.findById(roleId).map((Role role) -> {
            caller.require(permission, role.spaceId);
            return role.spaceId;
        });
    }

    private Uni<RolePermission> find(String id) {
        return rolePermissions.findById(id).onItem().ifNull().failWith(() -> ApiException.notFound("role_permission", id));
    }
}
