package io.plystra.session.apikey;

import java.util.List;

/** {@code expires_at} is RFC 3339 text, parsed by the service so that a bad value names the field. */
public record ApiKeyCreate(String id, String name, List<String> permissionKeys, String spaceId, String expiresAt) {
}
