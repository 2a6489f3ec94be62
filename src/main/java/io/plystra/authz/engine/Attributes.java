package io.plystra.authz.engine;

import java.util.Map;

/**
 * The stored attributes a decision's conditions may read, by key: the acting principal's, the target
 * resource's (or the ones the request carried inline for an external resource), the space's and the
 * organization's. A map is empty, never null.
 */
public record Attributes(Map<String, Attribute> principal, Map<String, Attribute> resource,
                         Map<String, Attribute> space, Map<String, Attribute> organization) {

    public static final Attributes NONE = new Attributes(Map.of(), Map.of(), Map.of(), Map.of());

    public Attributes {
        principal = principal == null ? Map.of() : Map.copyOf(principal);
        resource = resource == null ? Map.of() : Map.copyOf(resource);
        space = space == null ? Map.of() : Map.copyOf(space);
        organization = organization == null ? Map.of() : Map.copyOf(organization);
    }

    public Attributes withResource(Map<String, Attribute> inline) {
        return new Attributes(principal, inline, space, organization);
    }
}
