package io.plystra.attribute;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One set or delete of an attribute: the value, type and expiry before ({@code old_*}, null when the key
 * was not set) and after ({@code new_*}, null for a delete), who ({@code actor_user_id} or {@code api_key_id})
 * and in which request.
 */
public record AttributeHistoryView(String id, String spaceId, String kind, String subject, String key, String operation,
                                   JsonNode oldValue, String oldType, Instant oldExpiresAt,
                                   JsonNode newValue, String newType, Instant newExpiresAt,
                                   String actorUserId, String apiKeyId, String requestId, Instant createdAt) {
}
