package io.plystra.principal;

/** The body of {@code POST /spaces/{sid}/services}. */
public record ServiceCreate(String id, String name, String description) {
}
