package io.plystra.authz;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

import io.plystra.kernel.MovedFields;

/**
 * The body of check and explain; {@code at} (RFC 3339) is explain's alone ({@link TimeTravelService#explain}).
 * {@code request_id}, {@code ip} and {@code user_agent} are accepted
 * and ignored for compatibility with Plystra Core clients; every other unknown field is a 400, and the
 * flat actor fields of those clients are answered with the nested form to send.
 */
@JsonIgnoreProperties(value = {"request_id", "ip", "user_agent"})
@MovedFields({"actor_user_id=actor.user_id", "actor_member_id=actor.member_id",
        "actor_user_member_id=actor.user_member_id", "user_id=actor.user_id", "member_id=actor.member_id",
        "user_member_id=actor.user_member_id", "space_id=actor.space_id", "service_id=actor.service_id"})
public record AuthzRequest(Actor actor, String resourceType, String resourceId, String action, Consistency consistency,
                           JsonNode context, JsonNode resourceAttributes, String at) {

    public AuthzRequest(Actor actor, String resourceType, String resourceId, String action, Consistency consistency,
                        JsonNode context, JsonNode resourceAttributes) {
        this(actor, resourceType, resourceId, action, consistency, context, resourceAttributes, null);
    }

    public AuthzRequest(Actor actor, String resourceType, String resourceId, String action, Consistency consistency) {
        this(actor, resourceType, resourceId, action, consistency, null, null);
    }

    /**
     * Who acts, in one of two forms: the v1.0 tuple {@code {user_id, member_id, user_member_id, space_id}},
     * or a service {@code {service_id, member_id, space_id}}. {@code service_id} chooses the form; a body
     * mixing the forms, or naming one only in part, is a 400 naming the field.
     */
    public record Actor(String userId, String memberId, String userMemberId, String spaceId, String serviceId) {
    }

    /**
     * How fresh the data of the decision must be ({@link Freshness}): {@code {"mode": …}} with the mode's
     * field ({@code token} of {@code at_least_as_fresh}, {@code max_ms} of {@code bounded_staleness}), or
     * v1.0's {@code {"at_least_as_fresh": "<token>"}} alone.
     */
    public record Consistency(String mode, String token, Long maxMs, String atLeastAsFresh) {
    }
}
