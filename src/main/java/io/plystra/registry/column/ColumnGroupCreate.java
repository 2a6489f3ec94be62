package io.plystra.registry.column;

import java.util.List;

public record ColumnGroupCreate(String key, String description, List<String> columns) {
}
