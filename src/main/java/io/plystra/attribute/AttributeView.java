package io.plystra.attribute;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/** One attribute: {@code kind} and {@code subject} as the routes name them ({@code members}, {@code m1}). */
public record AttributeView(String spaceId, String kind, String subject, String key, JsonNode value, String type,
                            Instant expiresAt, Instant createdAt, Instant updatedAt) {

    static AttributeView of(StoredAttribute a) {
        return new AttributeView(a.spaceId(), AttributeSubject.apiKind(a.kind()), a.subjectId(), a.key(), a.value(), a.type(),
                a.expiresAt(), a.createdAt(), a.updatedAt());
    }
}
