package io.plystra.access.rolepermission;

public record RolePermissionCreate(String id, String roleId, String permissionId) {
}
