package io.plystra.principal;

import java.time.Instant;

import io.plystra.kernel.Status;

/** A service as answered, with the member it acts as ({@code member_id}: bind roles to it). */
public record ServiceView(String id, String spaceId, String memberId, String name, String description, Status status,
                          Instant createdAt, Instant updatedAt) {

    static ServiceView of(ServicePrincipal s) {
        return new ServiceView(s.id, s.spaceId, s.memberId, s.name, s.description, s.status, s.createdAt, s.updatedAt);
    }
}
