package io.plystra.identity.usermember;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code expires_at} stays text here so that a malformed value gets the same message as in a PATCH. */
public record UserMemberCreate(String id, String userId, String memberId, String relationType,
                               @JsonProperty("is_primary") Boolean isPrimary, String expiresAt) {
}
