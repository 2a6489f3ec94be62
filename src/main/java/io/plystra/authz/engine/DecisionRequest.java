package io.plystra.authz.engine;

/** The question asked of the engine: may this actor perform this action on this resource? */
public record DecisionRequest(ActorRef actor, String resourceType, String resourceId, String action, RequestMeta request) {
}
