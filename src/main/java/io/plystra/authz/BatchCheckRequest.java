package io.plystra.authz;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of batch-check. The items are read one by one ({@link Item}), so that a malformed item
 * fails only itself; a malformed envelope (not an object, an unknown field, {@code items} not an
 * array) is a 400 for the whole request.
 */
public record BatchCheckRequest(AuthzRequest.Actor actor, List<JsonNode> items, AuthzRequest.Consistency consistency) {

    /** One question; {@code actor} falls back to the envelope's, then to the session caller's own actor. */
    public record Item(AuthzRequest.Actor actor, String resourceType, String resourceId, String action) {
    }
}
