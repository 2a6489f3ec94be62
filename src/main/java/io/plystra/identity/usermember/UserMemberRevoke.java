package io.plystra.identity.usermember;

/** The optional body of {@code POST .../revoke}. */
public record UserMemberRevoke(String revokedReason) {
}
