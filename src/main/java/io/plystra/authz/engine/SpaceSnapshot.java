package io.plystra.authz.engine;

import java.util.List;

/**
 * The space as it was at decision time, with its organization chain: the space's organization first, then each
 * ancestor up to the root (empty for a space of no organization).
 */
public record SpaceSnapshot(String id, String name, String status, List<OrganizationSnapshot> organizations) {

    public SpaceSnapshot {
        organizations = organizations == null ? List.of() : List.copyOf(organizations);
    }

    /** A space of no organization. */
    public SpaceSnapshot(String id, String name, String status) {
        this(id, name, status, List.of());
    }

    /** Whether {@code organizationId} is the space's organization or one of its ancestors. */
    public boolean within(String organizationId) {
        return organizationId != null && organizations.stream().anyMatch(o -> organizationId.equals(o.id()));
    }
}
