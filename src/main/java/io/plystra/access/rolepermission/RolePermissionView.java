package io.plystra.access.rolepermission;

import java.time.Instant;

import io.plystra.kernel.Status;

public record RolePermissionView(String id, String roleId, String permissionId, Status status, Instant revokedAt,
                                 Instant createdAt, Instant updatedAt) {

    static RolePermissionView of(RolePermission r) {
        return new RolePermissionView(r.id, r.roleId, r.permissionId, r.status, r.revokedAt, r.createdAt, r.updatedAt);
    }
}
