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
 * The compiled route table of each space, for the forward path: one prepared statement on the
 * reactive pool per miss, no ORM session; kept until a change to {@code gateway_routes} is
 * announced (or the cache's maximum age passes), like the decision snapshots.
 */
@ApplicationScoped
public class RouteTables implements ChangeSubscriber {

    static final String ROUTES_SQL = """
            SELECT name, host, methods, path, resource_type, resource_id, action, is_public
            FROM gateway_routes WHERE space_id = $1 AND status = 'active'""";

    @Inject
    Pool pool;
    @Inject
    ChangeListener listener;

    private final Cache<String, RouteTable> tables;
    private final Generation generation = new Generation();

    public RouteTables(PlystraConfig config) {
        this.tables = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(config.cache().maxAge()).build();
    }

    public Uni<RouteTable> of(String spaceId) {
        RouteTable cached = listener.listening() ? tables.getIfPresent(spaceId) : null;
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        long loadedAt = generation.current();
        return pool.preparedQuery(ROUTES_SQL).execute(Tuple.of(spaceId)).map(rows -> {
            List<Route> routes = new ArrayList<>();
            for (Row r : rows) {
                routes.add(new Route(r.getString(0), r.getString(1), Set.of(r.getArrayOfStrings(2)), r.getString(3),
                        r.getString(4), r.getString(5), r.getString(6), r.getBoolean(7)));
            }
            RouteTable table = RouteTable.of(routes);
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
