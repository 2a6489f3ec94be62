package io.plystra.access.role;

/** {@code POST /roles/{id}/rollback}: the version whose state and permission set become the role's next version. */
public record RoleRollback(Integer version) {
}
