package io.plystra.registry;

import java.time.Instant;

/** A type's mapping; {@code is_default} when no mapping was stored and the standard one applies. */
public record ResourceMappingView(String resourceTypeId, String resourceType, String storageKind, String idField,
                                  String spaceField, String groupField, String ownerField, String displayNameField,
                                  boolean isDefault, Instant createdAt, Instant updatedAt) {

    static ResourceMappingView of(ResourceType type, ResourceMapping m, boolean isDefault) {
        return new ResourceMappingView(type.id, type.key, m.storageKind, m.idField, m.spaceField, m.groupField,
                m.ownerField, m.displayNameField, isDefault, m.createdAt, m.updatedAt);
    }
}
