package io.plystra.registry.resource;

import java.util.Map;

public record ResourceCreate(String id, String resourceType, String groupId, String ownerMemberId, String displayName,
                             Map<String, Object> metadata) {
}
