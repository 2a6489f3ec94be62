package io.plystra.session.apikey;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.plystra.kernel.Status;

/** An API key as answered: never its hash; {@code key} itself only in the answer to its creation. */
public record ApiKeyView(String id, String name, String keyPrefix, List<String> permissionKeys, String spaceId,
                         Status status, Instant expiresAt, Instant lastUsedAt, String createdByUserId, Instant revokedAt,
                         Instant createdAt, Instant updatedAt,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String key) {

    static ApiKeyView of(ApiKey k) {
        return new ApiKeyView(k.id, k.name, k.keyPrefix, List.of(k.permissionKeys), k.spaceId, k.status, k.expiresAt,
                k.lastUsedAt, k.createdByUserId, k.revokedAt, k.createdAt, k.updatedAt, null);
    }

    ApiKeyView withKey(String plainKey) {
        return new ApiKeyView(id, name, keyPrefix, permissionKeys, spaceId, status, expiresAt, lastUsedAt, createdByUserId,
                revokedAt, createdAt, updatedAt, plainKey);
    }
}
