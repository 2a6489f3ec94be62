package io.plystra.gateway;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A space's whole route table, as applied: what it names is active, what it leaves out is disabled;
 * {@code default} ({@code deny} when absent, or {@code allow}) answers what no route maps.
 */
public record RoutesBody(List<RouteBody> routes, @JsonProperty("default") String defaultDecision) {

    public RoutesBody(List<RouteBody> routes) {
        this(routes, null);
    }
}
