package io.plystra.authz.engine;

/**
 * The acting identity named by the request: who logs in (user), who acts (member), the binding between them
 * (user member), and the space.
 */
public record ActorRef(String userId, String memberId, String userMemberId, String spaceId) {
}
