package io.plystra.identity.member;

import java.time.Instant;

import io.plystra.kernel.Status;

public record MemberView(String id, String spaceId, String displayName, String memberType, Status status, Instant createdAt,
                         Instant updatedAt) {

    static MemberView of(Member m) {
        return new MemberView(m.id, m.spaceId, m.displayName, m.memberType, m.status, m.createdAt, m.updatedAt);
    }
}
