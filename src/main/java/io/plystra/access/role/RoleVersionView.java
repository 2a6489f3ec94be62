package io.plystra.access.role;

import java.time.Instant;
import java.util.List;

import io.plystra.kernel.Status;

/** One version of a role: its state and active permission set as of that version, and the change that made it. */
public record RoleVersionView(String roleId, int version, String name, String description, Status status,
                              List<String> permissionIds, String reason, Integer restoredVersion, Instant createdAt,
                              String createdBy) {

    static RoleVersionView of(RoleVersion v) {
        return new RoleVersionView(v.roleId, v.version, v.name, v.description, v.status,
                v.permissionIds == null ? List.of() : List.copyOf(v.permissionIds), v.reason, v.restoredVersion,
                v.createdAt, v.createdBy);
    }
}
