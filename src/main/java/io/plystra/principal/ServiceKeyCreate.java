package io.plystra.principal;

/** {@code expires_at} is RFC 3339 text, parsed by the service so that a bad value names the field. */
public record ServiceKeyCreate(String id, String name, String expiresAt) {
}
