package io.plystra.authz.engine;

import java.util.Map;

/**
 * The question asked of the engine: may this actor perform this action on this resource? {@code context} is what
 * conditions read as {@code context.*} (the caller's object plus {@code ip} and {@code time}, filled by the server);
 * never null. {@code resourceAttributes} are the target's attributes as the request carries them inline (values as
 * {@link Attribute} holds them), in place of the stored ones; null when it carries none.
 */
public record DecisionRequest(ActorRef actor, String resourceType, String resourceId, String action, RequestMeta request,
                              Map<String, Object> context, Map<String, Object> resourceAttributes) {

    public DecisionRequest {
        context = context == null ? Map.of() : context;
    }

    public DecisionRequest(ActorRef actor, String resourceType, String resourceId, String action, RequestMeta request,
                           Map<String, Object> context) {
        this(actor, resourceType, resourceId, action, request, context, null);
    }

    public DecisionRequest(ActorRef actor, String resourceType, String resourceId, String action, RequestMeta request) {
        this(actor, resourceType, resourceId, action, request, Map.of(), null);
    }

    /** The attributes conditions read: the stored ones, the target's replaced by those the request carries. */
    public Attributes attributes(Attributes stored) {
        Attributes base = stored == null ? Attributes.NONE : stored;
        if (resourceAttributes == null) {
            return base;
        }
        Map<String, Attribute> inline = new java.util.HashMap<>();
        resourceAttributes.forEach((k, v) -> inline.put(k, new Attribute(k, v, null)));
        return base.withResource(inline);
    }
}
