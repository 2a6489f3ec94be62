package io.plystra.registry;

public record ResourceTypeUpsert(String key, String displayName, String description) {
}
