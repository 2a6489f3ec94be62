package io.plystra.access.role;

public record RoleCreate(String id, String key, String name, String description) {
}
