package io.plystra.identity.space;

import java.time.Instant;

import io.plystra.kernel.Status;

public record SpaceView(String id, String name, String slug, String type, String organizationId, Status status,
                        Instant createdAt, Instant updatedAt) {

    static SpaceView of(Space s) {
        return new SpaceView(s.id, s.name, s.slug, s.type, s.organizationId, s.status, s.createdAt, s.updatedAt);
    }
}
