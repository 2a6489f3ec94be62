package io.plystra.authz.engine;

/** The trace "actor": the whole actor tuple. Any part is null when that row does not exist. */
public record ActorSnapshot(UserSnapshot user, MemberSnapshot member, UserMemberSnapshot userMember) {
}
