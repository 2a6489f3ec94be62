package io.plystra.access.binding;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of a new binding: a subject, exactly one of a role and a permission, optionally an anchor group, an expiry
 * (RFC 3339 text) and conditions.
 */
public record BindingCreate(String id, BindingView.Subject subject, String roleId, String permissionId,
                            String scopeAnchorGroupId, String expiresAt, JsonNode conditions) {
}
