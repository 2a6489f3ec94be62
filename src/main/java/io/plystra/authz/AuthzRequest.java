package io.plystra.authz;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The body of check and explain. {@code request_id}, {@code ip} and {@code user_agent} are accepted
 * and ignored for compatibility with Plystra Core clients; every other unknown field is a 400.
 */
@JsonIgnoreProperties(value = {"request_id", "ip", "user_agent"})
public record AuthzRequest(Actor actor, String resourceType, String resourceId, String action, Consistency consistency) {

    public record Actor(String userId, String memberId, String userMemberId, String spaceId) {
    }

    public record Consistency(String atLeastAsFresh) {
    }
}
