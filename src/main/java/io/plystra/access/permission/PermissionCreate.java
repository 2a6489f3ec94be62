package io.plystra.access.permission;

public record PermissionCreate(String id, String resource, String action, String scope, String description) {
}
