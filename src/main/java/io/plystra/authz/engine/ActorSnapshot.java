package io.plystra.authz.engine;

/**
 * The trace "actor": the rows the actor's ids name. Any part is null when that row does not exist; a
 * human actor has no {@code service}, a service actor no {@code user} and no {@code userMember}.
 */
public record ActorSnapshot(UserSnapshot user, MemberSnapshot member, UserMemberSnapshot userMember, ServiceSnapshot service) {

    /** A human actor's rows. */
    public ActorSnapshot(UserSnapshot user, MemberSnapshot member, UserMemberSnapshot userMember) {
        this(user, member, userMember, null);
    }
}
