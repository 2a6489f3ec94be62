package io.plystra.registry.column;

import java.util.List;

/** A type's column catalogue, in order. */
public record ColumnCatalogueView(String resourceTypeId, String resourceType, int count, List<Column> columns) {

    public record Column(String name, int position, String description) {
    }
}
