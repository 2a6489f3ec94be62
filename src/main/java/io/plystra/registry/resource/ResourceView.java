package io.plystra.registry.resource;

import java.time.Instant;
import java.util.Map;

import io.plystra.kernel.Status;

public record ResourceView(String id, String spaceId, String resourceType, String groupId, String ownerMemberId,
                           String displayName, Map<String, Object> metadata, Status status, Instant createdAt,
                           Instant updatedAt) {

    static ResourceView of(Resource r) {
        return new ResourceView(r.id, r.spaceId, r.resourceType, r.groupId, r.ownerMemberId, r.displayName, r.metadata,
                r.status, r.createdAt, r.updatedAt);
    }
}
