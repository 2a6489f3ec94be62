package io.plystra.authz.engine;

/**
 * The acting identity named by the request, in one of two forms. A human: who logs in (user), who acts
 * (member), the binding between them (user member), and the space. A service: the service, the member
 * it acts as, and the space ({@code userId} and {@code userMemberId} null).
 */
public record ActorRef(String userId, String memberId, String userMemberId, String spaceId, String serviceId) {

    /** The human form, the v1.0 tuple. */
    public ActorRef(String userId, String memberId, String userMemberId, String spaceId) {
        this(userId, memberId, userMemberId, spaceId, null);
    }

    /** The service form. */
    public static ActorRef ofService(String serviceId, String memberId, String spaceId) {
        return new ActorRef(null, memberId, null, spaceId, serviceId);
    }

    /** Whether the request names a service ({@code serviceId} set) rather than a human tuple. */
    public boolean actsAsService() {
        return serviceId != null;
    }
}
