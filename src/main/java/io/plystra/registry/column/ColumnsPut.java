package io.plystra.registry.column;

import java.util.List;

/** {@code PUT /resource-types/{key}/columns}: the whole catalogue, in order. */
public record ColumnsPut(List<ColumnBody> columns) {
}
