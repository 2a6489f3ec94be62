package io.plystra.gateway;

import java.util.List;

/**
 * A space's active route table and its default for unmapped requests, and for an apply what it
 * changed: the names created, updated and disabled, and how many were left as they were.
 */
public record RoutesView(String spaceId, @com.fasterxml.jackson.annotation.JsonProperty("default") String defaultDecision,
                         List<RouteBody> routes, Boolean dryRun, List<String> created, List<String> updated,
                         List<String> disabled, Integer unchanged) {

    static RouteBody body(GatewayRoute r) {
        return new RouteBody(r.name, r.host, r.methods, r.path, r.resourceType, r.resourceId, r.action, r.isPublic);
    }
}
