package io.plystra.registry;

/** {@code storage_kind}: {@code stored} (the default for a new type) or {@code external}; absent keeps a type's own. */
public record ResourceTypeUpsert(String key, String displayName, String description, String storageKind) {
}
