package io.plystra.registry.resource;

/** The optional filters of a space's resource list; null means "no filter". */
public record ResourceFilter(String resourceType, String groupId, String ownerMemberId, String status) {
}
