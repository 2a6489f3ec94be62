package io.plystra.access.role;

import java.time.Instant;

import io.plystra.kernel.Status;

public record RoleView(String id, String spaceId, String key, String name, String description, Status status,
                       Instant createdAt, Instant updatedAt) {

    static RoleView of(Role r) {
        return new RoleView(r.id, r.spaceId, r.key, r.name, r.description, r.status, r.createdAt, r.updatedAt);
    }
}
