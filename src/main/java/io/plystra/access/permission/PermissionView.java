package io.plystra.access.permission;

import java.time.Instant;

import io.plystra.kernel.Status;

public record PermissionView(String id, String resource, String action, String scope, String description, Status status,
                             Instant createdAt, Instant updatedAt) {

    static PermissionView of(Permission p) {
        return new PermissionView(p.id, p.resource, p.action, p.scope, p.description, p.status, p.createdAt, p.updatedAt);
    }
}
