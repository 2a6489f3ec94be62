package io.plystra.authz;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The bodies and answers of lookup-resources and lookup-members. */
public final class LookupRequests {

    private LookupRequests() {
    }

    /** {@code actor} may be omitted by a session caller with an active actor, as for check; {@code consistency} as check's. */
    public record Resources(AuthzRequest.Actor actor, String resourceType, String action, Integer pageSize, String cursor,
                            AuthzRequest.Consistency consistency) {
    }

    /**
     * {@code space_id} may be omitted when exactly one space within the caller's reach holds a resource
     * of this type and id; {@code consistency} as check's.
     */
    public record Members(String spaceId, String resourceType, String resourceId, String action, Integer pageSize,
                          String cursor, AuthzRequest.Consistency consistency) {
    }

    /**
     * One page of the resources the actor may act on. {@code deny_code} is set, and the list empty, when
     * every check of this actor on this type and action would deny whatever the resource (the actor, its
     * state, the registry, or no live grant).
     */
    public record ResourcesPage(List<String> resourceIds, String denyCode, String reason, String nextCursor, boolean hasMore,
                                String traceId, String auditLogId) {
    }

    /**
     * One page of the members who may act: each with the bindings (users) through which check allows,
     * or, for a service's member, the service through which it does.
     */
    public record MembersPage(String spaceId, List<MemberEntry> members, String denyCode, String reason, String nextCursor,
                              boolean hasMore, String traceId, String auditLogId) {
    }

    /**
     * {@code kind} is {@value #USER} for a member that may act through its users' bindings ({@code users}),
     * and {@value #SERVICE} for a service's member that may act as its service {@code service_id} (omitted
     * for {@value #USER}); a service's {@code users} is empty, since no user is bound to a service's member.
     */
    public record MemberEntry(String id, String displayName, String kind,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String serviceId, List<UserEntry> users) {

        public static final String USER = "user";
        public static final String SERVICE = "service";
    }

    public record UserEntry(String userId, String userMemberId) {
    }
}
