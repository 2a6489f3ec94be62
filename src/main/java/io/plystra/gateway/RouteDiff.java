package io.plystra.gateway;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What applying a route table to a space changes, by route name: the routes to create, those to
 * update (changed, or disabled and named again), those to disable (active and left out), and how
 * many stay as they are. The admin API and {@code plystractl gateway routes apply} share it.
 */
public record RouteDiff(List<RouteBody> created, List<Change> updated, List<Stored> disabled, int unchanged) {

    /** A stored route: its row id, its fields, whether it is active. */
    public record Stored(String id, RouteBody route, boolean active) {
    }

    public record Change(Stored before, RouteBody after) {
    }

    /** @param wanted validated and normalised ({@link GatewayRouteService#validate}) */
    public static RouteDiff of(List<Stored> existing, List<RouteBody> wanted) {
        Map<String, Stored> byName = new LinkedHashMap<>();
        existing.forEach(s -> byName.put(s.route().name(), s));
        List<RouteBody> created = new ArrayList<>();
        List<Change> updated = new ArrayList<>();
        List<Stored> disabled = new ArrayList<>();
        int unchanged = 0;
        Set<String> named = new HashSet<>();
        for (RouteBody b : wanted) {
            named.add(b.name());
            Stored s = byName.get(b.name());
            if (s == null) {
                created.add(b);
            } else if (s.active() && same(b, s.route())) {
                unchanged++;
            } else {
                updated.add(new Change(s, b));
            }
        }
        for (Stored s : existing) {
            if (s.active() && !named.contains(s.route().name())) {
                disabled.add(s);
            }
        }
        return new RouteDiff(List.copyOf(created), List.copyOf(updated), List.copyOf(disabled), unchanged);
    }

    public List<String> createdNames() {
        return created.stream().map(RouteBody::name).toList();
    }

    public List<String> updatedNames() {
        return updated.stream().map(c -> c.after().name()).toList();
    }

    public List<String> disabledNames() {
        return disabled.stream().map(s -> s.route().name()).toList();
    }

    static boolean same(RouteBody a, RouteBody b) {
        return Objects.equals(a.host(), b.host()) && Set.copyOf(a.methods()).equals(Set.copyOf(b.methods()))
                && Objects.equals(a.path(), b.path()) && Objects.equals(a.resourceType(), b.resourceType())
                && Objects.equals(a.resourceId(), b.resourceId()) && Objects.equals(a.action(), b.action())
                && Boolean.TRUE.equals(a.isPublic()) == Boolean.TRUE.equals(b.isPublic());
    }
}
