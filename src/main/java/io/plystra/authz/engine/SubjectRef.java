package io.plystra.authz.engine;

/** Who holds a binding: {@code kind} member or team, and its id. */
public record SubjectRef(String kind, String id) {
}
