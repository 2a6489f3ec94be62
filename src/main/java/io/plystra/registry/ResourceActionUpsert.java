package io.plystra.registry;

public record ResourceActionUpsert(String key, String displayName, String riskLevel, Boolean auditDefault) {
}
