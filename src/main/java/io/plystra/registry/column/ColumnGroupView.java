package io.plystra.registry.column;

import java.time.Instant;
import java.util.List;

public record ColumnGroupView(String id, String resourceTypeId, String resourceType, String key, String description,
                              List<String> columns, Instant createdAt, Instant updatedAt) {

    static ColumnGroupView of(String typeKey, ColumnGroup g) {
        return new ColumnGroupView(g.id, g.resourceTypeId, typeKey, g.key, g.description, List.copyOf(g.columns), g.createdAt,
                g.updatedAt);
    }
}
