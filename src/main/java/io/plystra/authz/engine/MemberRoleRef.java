package io.plystra.authz.engine;

import java.time.Instant;

/** The trace "member_role" of a candidate. */
public record MemberRoleRef(String id, String spaceId, Instant expiresAt) {
}
