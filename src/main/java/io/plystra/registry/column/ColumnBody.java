package io.plystra.registry.column;

/** One column of a catalogue PUT. */
public record ColumnBody(String name, String description) {
}
