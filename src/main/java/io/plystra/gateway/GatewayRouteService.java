package io.plystra.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.plystra.audit.AuditedWrite;
import io.plystra.audit.Mutation;
import io.plystra.gateway.routing.Route;
import io.plystra.gateway.routing.RouteException;
import io.plystra.gateway.routing.RouteTable;
import io.plystra.identity.ReferenceRepository;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.Ids;
import io.plystra.kernel.RequestContext;
import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * A space's gateway routes, applied as a whole table: validated and checked for ties as the
 * forward path will match them ({@link RouteTable}), then created, updated and disabled by name
 * ({@link RouteDiff}) in one transaction with one audit row per changed route. A dry run answers the
 * same diff and writes nothing.
 */
@ApplicationScoped
public class GatewayRouteService {

    static final int MAX_ROUTES = 1000;

    @Inject
    GatewayRouteRepository routes;
    @Inject
    ReferenceRepository references;
    @Inject
    AuditedWrite writes;
    @Inject
    RequestContext request;
    private final boolean production;

    public GatewayRouteService(io.plystra.kernel.PlystraConfig config) {
        this.production = config.production();
    }

    @WithSession
    public Uni<RoutesView> list(String spaceId) {
        return references.space(spaceId).flatMap(v -> routes.defaultOf(spaceId)).flatMap(fallback -> routes.ofSpace(spaceId)
                .map(rows -> new RoutesView(spaceId, fallback,
                        rows.stream().filter(GatewayRouteRepository::active).map(RoutesView::body).toList(), null, null, null, null, null)));
    }

    @WithTransaction
    public Uni<RoutesView> apply(String spaceId, RoutesBody body, boolean dryRun) {
        List<RouteBody> wanted = validate(body);
        String fallback = defaultOf(body, production);
        return references.space(spaceId).flatMap(v -> routes.defaultOf(spaceId)).flatMap(before -> routes.ofSpace(spaceId).flatMap(existing -> {
            Map<String, GatewayRoute> rows = new LinkedHashMap<>();
            existing.forEach(r -> rows.put(r.id, r));
            RouteDiff diff = RouteDiff.of(existing.stream()
                    .map(r -> new RouteDiff.Stored(r.id, RoutesView.body(r), GatewayRouteRepository.active(r))).toList(), wanted);
            RoutesView view = new RoutesView(spaceId, fallback, wanted, dryRun, diff.createdNames(), diff.updatedNames(),
                    diff.disabledNames(), diff.unchanged());
            if (dryRun) {
                return Uni.createFrom().item(view);
            }
            Uni<?> chain = Uni.createFrom().voidItem();
            if (!fallback.equals(before)) {
                chain = chain.flatMap(x -> writes.commit(routes.setDefault(spaceId, fallback), defaultChanged(spaceId, fallback)));
            }
            for (RouteBody b : diff.created()) {
                GatewayRoute row = new GatewayRoute();
                row.id = Ids.generate("gwr");
                row.spaceId = spaceId;
                row.createdAt = request.now();
                copy(b, row);
                chain = chain.flatMap(x -> writes.commit(routes.persistAndFlush(row), changed(row, "created")));
            }
            for (RouteDiff.Change c : diff.updated()) {
                GatewayRoute row = rows.get(c.before().id());
                copy(c.after(), row);
                row.updatedAt = request.now();
                chain = chain.flatMap(x -> writes.commit(routes.flush(), changed(row, "updated")));
            }
            for (RouteDiff.Stored s : diff.disabled()) {
                GatewayRoute row = rows.get(s.id());
                row.status = Status.DISABLED;
                row.updatedAt = request.now();
                chain = chain.flatMap(x -> writes.commit(routes.flush(), changed(row, "disabled")));
            }
            return chain.replaceWith(view);
        }));
    }

    /**
     * {@code deny} (also when absent) or {@code allow}; production mode refuses {@code allow}, as it
     * refuses every setting that lets a request through unchecked.
     */
    public static String defaultOf(RoutesBody body, boolean production) {
        String value = body == null || body.defaultDecision() == null ? "deny" : body.defaultDecision();
        if (!value.equals("deny") && !value.equals("allow")) {
            throw ApiException.validation("default", "must be deny or allow");
        }
        if (value.equals("allow") && production) {
            throw ApiException.validation("default", "production mode refuses allow: an unmapped request is denied (ROUTE_NOT_MAPPED)");
        }
        return value;
    }

    /** The audit row of a change of the space's default for unmapped requests. */
    public static Mutation<Map<String, Object>> defaultChanged(String spaceId, String value) {
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("space_id", spaceId);
        after.put("default", value);
        return new Mutation<>("gateway_default", "changed", spaceId, spaceId, after);
    }

    /** 400 naming the field unless the table is one the forward path can match without ties. */
    public static List<RouteBody> validate(RoutesBody body) {
        if (body == null || body.routes() == null) {
            throw ApiException.validation("routes", "is required (an empty list disables every route)");
        }
        if (body.routes().size() > MAX_ROUTES) {
            throw ApiException.validation("routes", "must hold at most " + MAX_ROUTES + " routes");
        }
        List<RouteBody> normal = new ArrayList<>();
        List<Route> rules = new ArrayList<>();
        for (int i = 0; i < body.routes().size(); i++) {
            RouteBody b = body.routes().get(i);
            if (b == null) {
                throw ApiException.validation("routes[" + i + "]", "must be a route object");
            }
            List<String> methods = b.methods() == null ? List.of()
                    : b.methods().stream().map(m -> m == null ? "" : m.toUpperCase(Locale.ROOT)).distinct().toList();
            RouteBody n = new RouteBody(b.name(), b.host() == null ? null : b.host().toLowerCase(Locale.ROOT), methods, b.path(),
                    b.resourceType(), b.resourceId(), b.action(), Boolean.TRUE.equals(b.isPublic()));
            normal.add(n);
            rules.add(rule(n));
        }
        try {
            RouteTable.of(rules);
        } catch (RouteException e) {
            throw ApiException.validation(e.field() == null ? "routes" : e.field(), e.getMessage());
        }
        return normal;
    }

    static Route rule(RouteBody b) {
        return new Route(b.name(), b.host(), Set.copyOf(b.methods()), b.path(), b.resourceType(), b.resourceId(), b.action(),
                Boolean.TRUE.equals(b.isPublic()));
    }

    private static void copy(RouteBody b, GatewayRoute row) {
        row.name = b.name();
        row.host = b.host();
        row.methods = List.copyOf(b.methods());
        row.path = b.path();
        row.resourceType = b.resourceType();
        row.resourceId = b.resourceId();
        row.action = b.action();
        row.isPublic = Boolean.TRUE.equals(b.isPublic());
        row.status = Status.ACTIVE;
        if (row.updatedAt == null) {
            row.updatedAt = row.createdAt;
        }
    }

    private static Mutation<Map<String, Object>> changed(GatewayRoute r, String verb) {
        return changed(r.id, r.spaceId, RoutesView.body(r), r.status, verb);
    }

    /** The audit row of a route change, the same from the API and from plystractl. */
    public static Mutation<Map<String, Object>> changed(String id, String spaceId, RouteBody route, Status status, String verb) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", route.name());
        fields.put("host", route.host());
        fields.put("methods", route.methods());
        fields.put("path", route.path());
        fields.put("resource_type", route.resourceType());
        fields.put("resource_id", route.resourceId());
        fields.put("action", route.action());
        fields.put("public", Boolean.TRUE.equals(route.isPublic()));
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("id", id);
        after.put("space_id", spaceId);
        after.put("route", fields);
        after.put("status", status.value());
        return new Mutation<>("gateway_route", verb, id, spaceId, after);
    }
}
