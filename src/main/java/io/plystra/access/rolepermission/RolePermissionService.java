package io.plystra.access.rolepermission;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.plystra.access.permission.PermissionRepository;
import io.plystra.access.role.Role;
import io.plystra.access.role.RoleRepository;
import io.plystra.audit.AuditedWrite;
import io.plystra.audit.Mutation;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.Ids;
import io.plystra.kernel.Page;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.RequestContext;
import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Role-permissions belong to their role's space. The gate ({@code @Requires} on
 * {@link RolePermissionResource}) lets in the route's permission held anywhere; here a list narrows to
 * the spaces where the caller holds it and a row needs it in its role's space.
 */
@ApplicationScoped
public class RolePermissionService {

    @Inject
    RolePermissionRepository rolePermissions;
    @Inject
    RoleRepository roles;
    @Inject
    PermissionRepository permissions;
    @Inject
    AuditedWrite writes;
    @Inject
    RequestContext request;

    @WithSession
    public Uni<Page<RolePermissionView>> list(PageRequest page, String roleId, String permissionId, String status) {
        return rolePermissions.page(page, roleId, permissionId, status, request.onlySpaces())
                .map(rows -> Page.of(rows, page.limit(), r -> r.createdAt, r -> r.id, RolePermissionView::of));
    }

    @WithSession
    public Uni<RolePermissionView> get(String id) {
        return find(id).call(rp -> roleSpace(rp.roleId)).map(RolePermissionView::of);
    }

    @WithTransaction
    public Uni<RolePermissionView> create(RolePermissionCreate body) {
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
        rp.status = Status.ACTIVE;
        rp.createdAt = request.now();
        rp.updatedAt = rp.createdAt;
        return roles.findById(rp.roleId)
                .invoke(role -> {
                    if (role == null) {
                        throw ApiException.validation("role_id", "must be an existing role");
                    }
                    request.requireIn(role.spaceId);
                })
                .call(role -> permissions.findById(rp.permissionId).invoke(p -> {
                    if (p == null) {
                        throw ApiException.validation("permission_id", "must be an existing permission");
                    }
                }))
                .flatMap(role -> writes.commit(rolePermissions.persistAndFlush(rp), changed(rp, "created", role.spaceId)));
    }

    /** Revoking twice keeps the first revocation time. */
    @WithTransaction
    public Uni<RolePermissionView> revoke(String id) {
        return find(id).flatMap(rp -> roleSpace(rp.roleId).flatMap(spaceId -> {
            Instant now = request.now();
            if (rp.status != Status.REVOKED) {
                rp.status = Status.REVOKED;
                rp.revokedAt = now;
            }
            rp.updatedAt = now;
            return writes.commit(rolePermissions.flush(), changed(rp, "revoked", spaceId));
        }));
    }

    /** The space of the role, once the caller is known to hold the route's permission there. */
    private Uni<String> roleSpace(String roleId) {
        return roles.findById(roleId).map((Role role) -> {
            request.requireIn(role.spaceId);
            return role.spaceId;
        });
    }

    private Uni<RolePermission> find(String id) {
        return rolePermissions.findById(id).onItem().ifNull().failWith(() -> ApiException.notFound("role_permission", id));
    }

    private static Mutation<RolePermissionView> changed(RolePermission rp, String verb, String spaceId) {
        return new Mutation<>("role_permission", verb, rp.id, spaceId, RolePermissionView.of(rp));
    }
}
