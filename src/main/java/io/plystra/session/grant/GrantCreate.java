package io.plystra.session.grant;

public record GrantCreate(String id, String userId, String level, String spaceId, String groupId, String organizationId,
                          String permissionKey) {
}
