package io.plystra.registry;

import java.time.Instant;

import io.plystra.kernel.Status;

public record ResourceTypeView(String id, String key, String displayName, String description, String storageKind,
                               Status status, Instant createdAt, Instant updatedAt) {

    static ResourceTypeView of(ResourceType t) {
        return new ResourceTypeView(t.id, t.key, t.displayName, t.description, t.storageKind, t.status, t.createdAt,
                t.updatedAt);
    }
}
