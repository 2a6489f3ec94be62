package io.plystra.gateway;

import java.util.List;

/** A space's whole route table, as applied: what it names is active, what it leaves out is disabled. */
public record RoutesBody(List<RouteBody> routes) {
}
