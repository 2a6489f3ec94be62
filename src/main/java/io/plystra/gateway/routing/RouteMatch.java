package io.plystra.gateway.routing;

import java.util.Map;

/**
 * The route {@link RouteTable#find} chose for a request, the values of its path variables (decoded; a
 * {@code {rest...}} variable holds the remaining segments joined by {@code /}) and the resource id resolved from
 * {@link Route#resourceId()}.
 *
 * <p>{@code resourceId} is {@code null} for a public route, and for a route whose id comes from a query parameter
 * ({@code {q.name}}) that the request does not carry exactly once with a non-empty value (absent, empty or repeated:
 * the upstream might read another copy than ours). A caller must deny a non-public match whose {@code resourceId}
 * is {@code null}; {@link #hasResourceId()} says whether it may ask for a decision.
 */
public record RouteMatch(Route route, Map<String, String> variables, String resourceId) {

    public RouteMatch {
        variables = Map.copyOf(variables);
    }

    /** Whether the resource id resolved: false means deny (unless the route is public). */
    public boolean hasResourceId() {
        return resourceId != null;
    }
}
