package io.plystra.registry;

import java.time.Instant;

public record ResourceActionView(String id, String resourceTypeId, String resourceType, String key, String displayName,
                                 String riskLevel, boolean auditDefault, String status, Instant createdAt,
                                 Instant updatedAt) {

    static ResourceActionView of(ResourceType type, ResourceAction a) {
        return new ResourceActionView(a.id, a.resourceTypeId, type.key, a.key, a.displayName, a.riskLevel,
                a.auditDefault, a.status, a.createdAt, a.updatedAt);
    }
}
