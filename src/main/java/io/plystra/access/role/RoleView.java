package io.plystra.access.role;

import java.time.Instant;

import io.plystra.kernel.Status;

/** A role; {@code space_id} is null for a global or organization role, {@code organization_id} null but for the latter. */
public record RoleView(String id, String spaceId, String level, String organizationId, String key, String name,
                       String description, Status status, int version, Instant createdAt, Instant updatedAt) {

    static RoleView of(Role r) {
        return new RoleView(r.id, r.spaceId, r.level, r.organizationId, r.key, r.name, r.description, r.status, r.version,
                r.createdAt, r.updatedAt);
    }
}
