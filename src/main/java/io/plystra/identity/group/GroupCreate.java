package io.plystra.identity.group;

public record GroupCreate(String id, String path, String parentId, String name) {
}
