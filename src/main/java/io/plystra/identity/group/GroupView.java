package io.plystra.identity.group;

import java.time.Instant;

import io.plystra.kernel.Status;

public record GroupView(String id, String spaceId, String parentId, String path, String name, Status status, Instant createdAt,
                        Instant updatedAt) {

    static GroupView of(Group g) {
        return new GroupView(g.id, g.spaceId, g.parentId, g.path, g.name, g.status, g.createdAt, g.updatedAt);
    }
}
