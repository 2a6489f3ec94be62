package io.plystra.principal;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.plystra.kernel.Status;

/** A service key as answered: never its hash; {@code key} itself only in the answer to its creation. */
public record ServiceKeyView(String id, String serviceId, String spaceId, String name, String keyPrefix, Status status,
                             Instant expiresAt, Instant lastUsedAt, String createdByUserId, Instant revokedAt,
                             Instant createdAt, Instant updatedAt,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String key) {

    static ServiceKeyView of(ServiceKey k) {
        return new ServiceKeyView(k.id, k.serviceId, k.spaceId, k.name, k.keyPrefix, k.status, k.expiresAt, k.lastUsedAt,
                k.createdByUserId, k.revokedAt, k.createdAt, k.updatedAt, null);
    }

    ServiceKeyView withKey(String plainKey) {
        return new ServiceKeyView(id, serviceId, spaceId, name, keyPrefix, status, expiresAt, lastUsedAt, createdByUserId,
                revokedAt, createdAt, updatedAt, plainKey);
    }
}
