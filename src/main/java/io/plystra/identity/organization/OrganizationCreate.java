package io.plystra.identity.organization;

import java.util.Map;

public record OrganizationCreate(String id, String name, String parentId, Map<String, Object> metadata) {
}
