package io.plystra.identity.organization;

import java.time.Instant;
import java.util.Map;

import io.plystra.kernel.Status;

public record OrganizationView(String id, String name, String parentId, Status status, Map<String, Object> metadata,
                               Instant createdAt, Instant updatedAt) {

    static OrganizationView of(Organization o) {
        return new OrganizationView(o.id, o.name, o.parentId, o.status, o.metadata, o.createdAt, o.updatedAt);
    }
}
