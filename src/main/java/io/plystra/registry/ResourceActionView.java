package io.plystra.registry;

import java.time.Instant;

import io.plystra.kernel.Status;

public record ResourceActionView(String id, String resourceTypeId, String resourceType, String key, String displayName,
                                 String riskLevel, boolean auditDefault, Status status, Instant createdAt,
                                 Instant updatedAt) {

    static ResourceActionView of(ResourceType type, ResourceAction a) {
        return new ResourceActionView(a.id, a.resourceTypeId, type.key, a.key, a.displayName, a.riskLevel,
                a.auditDefault, a.status, a.createdAt, a.updatedAt);
    }
}
