package io.plystra.registry.column;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ColumnRepository implements PanacheRepositoryBase<ResourceTypeColumn, ResourceTypeColumn.Key> {

    /** Replaces the whole catalogue: every column named, at positions 1..n (two statements, whatever n). */
    static final String INSERT_SQL = """
            INSERT INTO resource_type_columns (resource_type_id, name, position, description)
            SELECT ?1, c->>'name', ord, c->>'description'
            FROM jsonb_array_elements(CAST(CAST(?2 AS text) AS jsonb)) WITH ORDINALITY AS t(c, ord)""";

    private final ObjectMapper json;

    public ColumnRepository(ObjectMapper json) {
        this.json = json;
    }

    /** The type's columns in catalogue order. */
    public Uni<List<ResourceTypeColumn>> catalogue(String resourceTypeId) {
        return find("resourceTypeId = ?1 order by position", resourceTypeId).list();
    }

    public Uni<Void> replace(String resourceTypeId, List<ColumnBody> columns) {
        String rows;
        try {
            rows = json.writeValueAsString(columns.stream()
                    .map(c -> c.description() == null ? Map.of("name", c.name()) : Map.of("name", c.name(), "description", c.description()))
                    .toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return getSession().flatMap(s -> s.createNativeQuery("DELETE FROM resource_type_columns WHERE resource_type_id = ?1")
                        .setParameter(1, resourceTypeId).executeUpdate()
                        .flatMap(deleted -> columns.isEmpty() ? Uni.createFrom().item(0)
                                : s.createNativeQuery(INSERT_SQL).setParameter(1, resourceTypeId).setParameter(2, rows).executeUpdate()))
                .replaceWithVoid();
    }
}
