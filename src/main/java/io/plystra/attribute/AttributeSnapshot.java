package io.plystra.attribute;

import java.util.Map;

import io.plystra.authz.engine.Attribute;

/**
 * The live attributes one decision reads, by key: the principal's (the actor's member), the target
 * resource's and the space's. Immutable; empty maps where a subject has none (or was not named).
 */
public record AttributeSnapshot(Map<String, Attribute> principal, Map<String, Attribute> resource,
                                Map<String, Attribute> space) {

    public static final AttributeSnapshot EMPTY = new AttributeSnapshot(Map.of(), Map.of(), Map.of());

    public AttributeSnapshot {
        principal = Map.copyOf(principal);
        resource = Map.copyOf(resource);
        space = Map.copyOf(space);
    }
}
