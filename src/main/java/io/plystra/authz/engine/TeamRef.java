package io.plystra.authz.engine;

/** A team as the trace names it on a candidate's path. */
public record TeamRef(String id, String key, String spaceId, String status) {
}
