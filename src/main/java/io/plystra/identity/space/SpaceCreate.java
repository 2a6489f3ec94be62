package io.plystra.identity.space;

public record SpaceCreate(String id, String name, String slug, String type, String organizationId) {
}
