package io.plystra.authz.engine;

/** The login account as it was at decision time. Never carries secrets. */
public record UserSnapshot(String id, String email, String status) {
}
