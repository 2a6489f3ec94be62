package io.plystra.registry;

/** The result of an upsert: the row as stored and whether this request created it (201) or updated it (200). */
public record Upserted<T>(T view, boolean created) {
}
