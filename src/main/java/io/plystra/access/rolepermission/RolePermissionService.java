package io.plystra.access.rolepermission;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.plystra.access.permission.PermissionRepository;
import io.plystra.access.role.Role;
import io.plystra.access.role.RoleAccess;
import io.plystra.access.role.RoleHistory;
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
 * Role-permissions belong to their role's space (or organization). The gate ({@code @Requires} on
 * {@link RolePermissionResource}) lets in the route's permission held anywhere; here a list narrows to
 * the spaces where the caller holds it and a row needs it where its role lives ({@link RoleAccess#requireWhereItLives}).
 * A global role's rows are read with the permission held anywhere and changed by a super admin. Every change of a role's
 * permission set makes a new version of the role ({@link RoleHistory}), in the same transaction.
 */
@ApplicationScoped
public class RolePermissionService {

    @Inject
    RolePermissionRepository rolePermissions;
    @Inject
    RoleRepository roles;
    @Inject
    RoleHistory history;
    @Inject
    RoleAccess access;
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

    /** A row of a global role's is readable with the route's permission held anywhere (the gate), like the role. */
    @WithSession
    public Uni<RolePermissionView> get(String id) {
        return find(id).call(rp -> roles.findById(rp.roleId).invoke(role -> {
            if (!role.global()) {
                access.requireWhereItLives(role);
            }
        })).map(RolePermissionView::of);
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
        return history.lock(rp.roleId)
                .invoke(role -> {
                    if (role == null) {
                        throw ApiException.validation("role_id", "must be an existing role");
                    }
                    access.requireWhereItLives(role);
                })
                .call(role -> permissions.findById(rp.permissionId).invoke(p -> {
                    if (p == null) {
                        throw ApiException.validation("permission_id", "must be an existing permission");
                    }
                }))
                .call(history::keep)
                .flatMap(role -> {
                    Uni<Void> nextVersion = history.bump(role, "permission_added", 0);
                    return writes.commit(rolePermissions.persistAndFlush(rp).chain(() -> nextVersion),
                            changed(rp, "created", role).with("role_version", role.version));
                });
    }

    /** Revoking twice keeps the first revocation time; only the first makes a new version of the role. */
    @WithTransaction
    public Uni<RolePermissionView> revoke(String id) {
        return find(id).flatMap(rp -> history.lock(rp.roleId).invoke(access::requireWhereItLives).flatMap(role -> {
            if (rp.status == Status.REVOKED) {
                rp.updatedAt = request.now();
                return writes.commit(rolePermissions.flush(), changed(rp, "revoked", role));
            }
            return history.keep(role).flatMap(kept -> {
                Instant now = request.now();
                rp.status = Status.REVOKED;
                rp.revokedAt = now;
                rp.updatedAt = now;
                Uni<Void> nextVersion = history.bump(role, "permission_removed", 0);
                return writes.commit(nextVersion, changed(rp, "revoked", role).with("role_version", role.version));
            });
        }));
    }


    private Uni<RolePermission> find(String id) {
        return rolePermissions.findById(id).onItem().ifNull().failWith(() -> ApiException.notFound("role_permission", id));
    }

    private static Mutation<RolePermissionView> changed(RolePermission rp, String verb, Role role) {
        return new Mutation<>("role_permission", verb, rp.id, role.spaceId, RolePermissionView.of(rp));
    }
}
