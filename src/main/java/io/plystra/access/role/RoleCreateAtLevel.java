package io.plystra.access.role;

/** A role that belongs to no space: {@code level} {@code global}, or {@code organization} with its {@code organization_id}. */
public record RoleCreateAtLevel(String id, String key, String name, String description, String level,
                                String organizationId) {
}
