package io.plystra.authz.engine;

import java.util.Map;

/**
 * The question asked of the engine: may this actor perform this action on this resource? {@code context} is what
 * conditions read as {@code context.*} (the caller's object plus {@code ip} and {@code time}, filled by the server);
 * never null.
 */
public record DecisionRequest(ActorRef actor, String resourceType, String resourceId, String action, RequestMeta request,
                              Map<String, Object> context) {

    public DecisionRequest {
        context = context == null ? Map.of() : context;
    }

    public DecisionRequest(ActorRef actor, String resourceType, String resourceId, String action, RequestMeta request) {
        this(actor, resourceType, resourceId, action, request, Map.of());
    }
}
