package io.plystra.registry;

public record ResourceMappingPut(String storageKind, String idField, String spaceField, String groupField,
                                 String ownerField, String displayNameField) {
}
