package io.plystra.registry.column;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.plystra.authz.engine.ColumnCatalogue;
import io.plystra.authz.engine.ColumnSet;
import io.plystra.kernel.ChangeListener;
import io.plystra.kernel.ChangeSubscriber;
import io.plystra.kernel.Generation;
import io.plystra.kernel.PlystraConfig;
import io.plystra.kernel.WeighedCaches;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The column catalogue of each resource type and its groups as {@link ColumnSet}s, for column decisions:
 * one prepared statement on the reactive pool per miss (no ORM session), cached by type key, evicted when
 * the type's columns, groups or the type itself change (V015's notifications), bypassed while
 * notifications are not received.
 */
@ApplicationScoped
public class ColumnCatalogues implements ChangeSubscriber {

    static final String SQL = """
            SELECT rt.id,
                   ARRAY(SELECT c.name FROM resource_type_columns c WHERE c.resource_type_id = rt.id ORDER BY c.position),
                   (SELECT json_object_agg(g.key, g.columns) FROM column_groups g WHERE g.resource_type_id = rt.id)::text
            FROM (SELECT 1) AS one
            LEFT JOIN resource_types rt ON rt.key = $1""";

    /**
     * A type's catalogue and its groups by key. {@code resourceTypeId} is null (and the catalogue empty) for
     * a type that is not registered.
     */
    public record Columns(String resourceTypeId, ColumnCatalogue catalogue, Map<String, ColumnSet> groups) {

        /** No catalogue: a type that is not registered. */
        public static final Columns NONE = new Columns(null, ColumnCatalogue.empty(), Map.of());

        public Columns {
            groups = Map.copyOf(groups);
        }

        /** The union of the named groups; an unknown group adds nothing. */
        public ColumnSet union(List<String> groupKeys) {
            ColumnSet out = catalogue.none();
            for (String key : groupKeys) {
                ColumnSet g = groups.get(key);
                if (g != null) {
                    out = out.union(g);
                }
            }
            return out;
        }

        @Override
        public String toString() {
            return "Columns[" + resourceTypeId + ", " + catalogue.names() + ", " + groups + "]";
        }
    }

    private final Pool pool;
    private final ChangeListener listener;
    private final ObjectMapper json;
    private final Cache<String, Columns> cache;
    private final Generation generation = new Generation();

    public ColumnCatalogues(Pool pool, ChangeListener listener, ObjectMapper json, PlystraConfig config, MeterRegistry meters) {
        this.pool = pool;
        this.listener = listener;
        this.json = json;
        this.cache = WeighedCaches.build(config.cache().bytesPerCache(), config.cache().maxAge());
        CaffeineCacheMetrics.monitor(meters, cache, "plystra_column_catalogues");
    }

    /** The catalogue and groups of the type with this key. */
    public Uni<Columns> load(String resourceType, boolean fresh) {
        Columns cached = fresh || !listener.listening() ? null : cache.getIfPresent(resourceType);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        long loadedAt = generation.current();
        return pool.preparedQuery(SQL).execute(Tuple.of(resourceType)).map(rows -> {
            Columns loaded = columns(rows.iterator().next());
            generation.put(cache, resourceType, loaded, loadedAt);
            return loaded;
        });
    }

    public Uni<Columns> load(String resourceType) {
        return load(resourceType, false);
    }

    private Columns columns(Row row) {
        String typeId = row.getString(0);
        if (typeId == null) {
            return Columns.NONE;
        }
        ColumnCatalogue catalogue = ColumnCatalogue.of(List.of(row.getArrayOfStrings(1)));
        Map<String, ColumnSet> groups = new HashMap<>();
        String groupsJson = row.getString(2);
        if (groupsJson != null) {
            try {
                JsonNode all = json.readTree(groupsJson);
                all.fields().forEachRemaining(g -> {
                    List<String> names = new ArrayList<>();
                    // a name the catalogue no longer holds (only plain SQL can leave one) grants nothing
                    g.getValue().forEach(n -> {
                        if (catalogue.contains(n.asText())) {
                            names.add(n.asText());
                        }
                    });
                    groups.put(g.getKey(), ColumnSet.of(catalogue, names));
                });
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("PostgreSQL answered JSON that does not parse", e);
            }
        }
        return new Columns(typeId, catalogue, groups);
    }

    /** {@code resource_type_columns:<type id>}, {@code column_groups:<type id>}, {@code resource_types:<type id>}. */
    @Override
    public void invalidate(String change) {
        int colon = change.indexOf(':');
        String table = colon < 0 ? change : change.substring(0, colon);
        String typeId = colon < 0 ? "" : change.substring(colon + 1);
        switch (table) {
            case "resource_type_columns", "column_groups" -> {
                generation.advance();
                cache.asMap().values().removeIf(c -> typeId.equals(c.resourceTypeId()));
            }
            case "resource_types" -> clear(); // a type registered or renamed: cached misses may now be wrong
            default -> {
                // not part of a catalogue
            }
        }
    }

    @Override
    public void clear() {
        generation.advance();
        cache.invalidateAll();
    }
}
