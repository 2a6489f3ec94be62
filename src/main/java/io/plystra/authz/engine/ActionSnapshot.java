package io.plystra.authz.engine;

/** A registered action of a resource type as it was at decision time. */
public record ActionSnapshot(String id, String key, String riskLevel, boolean auditDefault, String status) {
}
