package io.plystra.access.memberrole;

/** {@code expires_at} is RFC 3339 text, parsed by the service so that a bad value names the field. */
public record MemberRoleCreate(String id, String memberId, String roleId, String scopeAnchorGroupId, String expiresAt) {
}
