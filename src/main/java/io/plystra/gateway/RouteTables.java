package io.plystra.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.plystra.gateway.routing.Route;
import io.plystra.gateway.routing.RouteTable;
import io.plystra.kernel.ChangeListener;
import io.plystra.kernel.ChangeSubscriber;
import io.plystra.kernel.Generation;
import io.plystra.kernel.PlystraConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The compiled route table of each space and its default for unmapped requests, for the forward path: one prepared statement on the
 * reactive pool per miss, no ORM session; kept until a change to {@code gateway_routes} is
 * announced (or the cache's maximum age passes), like the decision snapshots.
 */
@ApplicationScoped
public class RouteTables implements ChangeSubscriber {

    static final String ROUTES_SQL = """
            SELECT r.name, r.host, r.methods, r.path, r.resource_type, r.resource_id, r.action, r.is_public, s.gateway_default
            FROM spaces s LEFT JOIN gateway_routes r ON r.space_id = s.id AND r.status = 'active'
            WHERE s.id = $1""";

    /** A space's compiled routes, and whether a request no route maps is allowed without a decision. */
    public record SpaceRoutes(RouteTable table, boolean unmappedAllowed) {
    }

    @Inject
    Pool pool;
    @Inject
    ChangeListener listener;

    private final Cache<String, SpaceRoutes> tables;
    private final Generation generation = new Generation();

    public RouteTables(PlystraConfig config) {
        this.tables = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(config.cache().maxAge()).build();
    }

    public Uni<SpaceRoutes> of(String spaceId) {
        SpaceRoutes cached = listener.listening() ? tables.getIfPresent(spaceId) : null;
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        long loadedAt = generation.current();
        return pool.preparedQuery(ROUTES_SQL).execute(Tuple.of(spaceId)).map(rows -> {
            List<Route> routes = new ArrayList<>();
            boolean unmappedAllowed = false;
            for (Row r : rows) {
                unmappedAllowed = "allow".equals(r.getString(8));
                if (r.getString(0) != null) {
                    routes.add(new Route(r.getString(0), r.getString(1), Set.of(r.getArrayOfStrings(2)), r.getString(3),
                            r.getString(4), r.getString(5), r.getString(6), r.getBoolean(7)));
                }
            }
            SpaceRoutes table = new SpaceRoutes(RouteTable.of(routes), unmappedAllowed);
            generation.put(tables, spaceId, table, loadedAt);
            return table;
        });
    }

    @Override
    public void invalidate(String change) {
        if (change.startsWith("gateway_routes:") || change.startsWith("spaces:")) {
            clear();
        }
    }

    @Override
    public void clear() {
        generation.advance();
        tables.invalidateAll();
    }

}
