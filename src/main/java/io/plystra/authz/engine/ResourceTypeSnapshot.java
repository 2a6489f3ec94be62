package io.plystra.authz.engine;

/**
 * A registered resource type as it was at decision time. {@code storageKind} is {@code stored} (its resources are rows
 * Plystra keeps) or {@code external} (objects Plystra does not store: a check needs no resource row).
 */
public record ResourceTypeSnapshot(String id, String key, String displayName, String status, String storageKind) {

    public static final String EXTERNAL = "external";

    public ResourceTypeSnapshot(String id, String key, String displayName, String status) {
        this(id, key, displayName, status, "stored");
    }

    public boolean external() {
        return EXTERNAL.equals(storageKind);
    }
}
