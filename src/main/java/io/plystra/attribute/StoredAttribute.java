package io.plystra.attribute;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/** A row of {@code attributes} as {@link AttributeRepository} reads it ({@code kind} as stored: {@code member}). */
public record StoredAttribute(String id, String spaceId, String kind, String subjectId, String key, JsonNode value,
                              String type, Instant expiresAt, Instant createdAt, Instant updatedAt) {
}
