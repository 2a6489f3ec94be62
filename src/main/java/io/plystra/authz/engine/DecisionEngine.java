package io.plystra.authz.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The authorization decision. Pure: everything it needs is passed in, it reads no clock and no database.
 * Fail-closed: anything unknown, missing or inconsistent is a deny with a code, never an exception.
 *
 * <p>Decision order (first deny wins): 1 actor exists and lines up, 2 actor state (each for the human tuple or
 * the service form of the actor), 3 registry, 4 target,
 * 6 candidate filtering (the member's own bindings and those of the teams it reaches now), 5 same space (checked on
 * the target and the filtered candidates), 7 scope coverage and then, for a covered candidate, its conditions: any
 * candidate covered and whose conditions hold allows; otherwise the first candidate in the stable order gives the code.
 */
public final class DecisionEngine {

    private static final String ACTIVE = "active";

    /** The stable candidate order: role key, then scope, then permission id, then member role id. */
    private static final Comparator<Grant> STABLE_ORDER = Comparator
            .comparing(Grant::roleKey, Comparator.nullsLast(Comparator.<String>naturalOrder()))
            .thenComparing(Grant::permissionScope, Comparator.nullsLast(Comparator.<String>naturalOrder()))
            .thenComparing(Grant::permissionId, Comparator.nullsLast(Comparator.<String>naturalOrder()))
            .thenComparing(Grant::memberRoleId, Comparator.nullsLast(Comparator.<String>naturalOrder()));

    /**
     * Decides one request. Only a null {@code request} or {@code now} throws; every other null is a deny.
     *
     * @param grants the actor member's grants: member_role x role x role_permission x permission rows, unfiltered
     */
    public Decision decide(DecisionRequest request, DecisionSnapshot snapshot, Instant now, String traceId) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(now, "now");
        ActorSnapshot actorRows = snapshot.actor() == null ? new ActorSnapshot(null, null, null) : snapshot.actor();
        SpaceSnapshot space = snapshot.space();
        RegistrySnapshot registry = snapshot.registry();
        String actorSpace = request.actor() == null ? null : request.actor().spaceId();
        TargetSnapshot target = external(request, registry, snapshot.target(), actorSpace);
        List<Grant> grants = snapshot.grants();
        Evidence evidence = new Evidence(SpaceWall.actor(actorRows, actorSpace), space, SpaceWall.target(target, actorSpace),
                registry, request.request(), now, traceId);
        ActorRef actor = request.actor();

        Denial denial = checkActor(actor, actorRows, space, now);
        if (denial == null) {
            denial = checkRegistry(request, registry);
        }
        if (denial == null) {
            denial = checkTarget(request, target);
        }
        if (denial != null) {
            return evidence.deny(denial, List.of());
        }

        Map<String, List<TeamRef>> teams = Teams.reachable(snapshot.teams(), actor.memberId(), now);
        List<Grant> matching = matchingGrants(grants, actor.memberId(), teams, request, now);
        denial = checkSameSpace(actor.spaceId(), space, target, matching, teams);
        if (denial != null) {
            return evidence.deny(denial, List.of());
        }
        if (matching.isEmpty()) {
            return evidence.deny(new Denial(DenyCode.NO_MATCHING_PERMISSION,
                    "member " + actor.memberId() + " has no active grant for "
                            + request.resourceType() + ":" + request.action()), List.of());
        }

        List<Candidate> candidates = new ArrayList<>();
        Map<String, Object> context = null;
        Attributes attributes = request.attributes(snapshot.attributes());
        for (Grant grant : matching) {
            if (context == null && !grant.conditions().unconditional()) {
                context = context(request, now);
            }
            candidates.add(candidate(grant, actor, target, teams, attributes, context, now));
        }
        for (Candidate candidate : candidates) {
            if (candidate.allows()) {
                return evidence.allow("allowed by " + describe(candidate), candidates);
            }
        }
        Candidate first = candidates.get(0);
        String reason = first.scopeCheck().covered()
                ? "no candidate's conditions hold; first is " + describe(first) + ": " + first.conditionCheck().reason()
                : "no candidate covers the target; first is " + describe(first) + ": " + first.scopeCheck().reason();
        return evidence.deny(new Denial(first.denyCode(), reason), candidates);
    }

    /**
     * Steps 1 to 3 alone (the actor tuple, its state, the registry), for a lookup that asks about every
     * target of a type at once: the deny every decision of this actor on this type and action would give
     * before looking at a target, or null when there is none. The request's resource id is not read.
     */
    public Decision actorDenial(DecisionRequest request, DecisionSnapshot snapshot, Instant now, String traceId) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(now, "now");
        ActorSnapshot actorRows = snapshot.actor() == null ? new ActorSnapshot(null, null, null) : snapshot.actor();
        String actorSpace = request.actor() == null ? null : request.actor().spaceId();
        Denial denial = checkActor(request.actor(), actorRows, snapshot.space(), now);
        if (denial == null) {
            denial = checkRegistry(request, snapshot.registry());
        }
        if (denial == null) {
            return null;
        }
        return new Evidence(SpaceWall.actor(actorRows, actorSpace), snapshot.space(), null, snapshot.registry(),
                request.request(), now, traceId).deny(denial, List.of());
    }

    /**
     * Steps 3 and 4 alone (the registry, the target), for a lookup of the actors of one target: the deny
     * code every decision on this target would give whoever acts, or null when there is none.
     */
    public DenyCode targetDenial(DecisionRequest request, RegistrySnapshot registry, TargetSnapshot target) {
        Denial denial = checkRegistry(request, registry);
        if (denial == null) {
            denial = checkTarget(request, target);
        }
        return denial == null ? null : denial.code();
    }

    /**
     * The grants a decision would consider for {@code memberId} on this type and action at {@code now}
     * (step 6): live binding (the member's own, or a team's it reaches at {@code now}), role, role permission and
     * permission, in the stable order.
     */
    public static List<Grant> liveGrants(List<Grant> grants, List<TeamEdge> teams, String memberId, String resourceType,
                                         String action, Instant now) {
        return matchingGrants(grants, memberId, Teams.reachable(teams, memberId, now),
                new DecisionRequest(null, resourceType, null, action, null), now);
    }

    // Steps 1 and 2 for either form of the actor: a human tuple, or a service.
    private static Denial checkActor(ActorRef actor, ActorSnapshot rows, SpaceSnapshot space, Instant now) {
        if (actor != null && actor.actsAsService()) {
            Denial denial = checkServiceExists(actor, rows.service(), rows.member(), space);
            return denial != null ? denial : checkServiceState(rows.service(), rows.member(), space);
        }
        Denial denial = checkActorExists(actor, rows.user(), rows.member(), rows.userMember(), space);
        return denial != null ? denial : checkActorState(rows.user(), rows.member(), space, rows.userMember(), now);
    }

    // Step 1, service form: the service, its member and the space exist, name each other, and the member is a service's.
    private static Denial checkServiceExists(ActorRef actor, ServiceSnapshot service, MemberSnapshot member, SpaceSnapshot space) {
        if (actor.userId() != null || actor.userMemberId() != null) {
            return new Denial(DenyCode.ACTOR_NOT_FOUND, "request names a service and a user tuple at once");
        }
        if (service == null || !sameId(service.id(), actor.serviceId())) {
            return new Denial(DenyCode.ACTOR_NOT_FOUND, "service " + actor.serviceId() + " was not found");
        }
        if (member == null || !sameId(member.id(), actor.memberId())) {
            return new Denial(DenyCode.ACTOR_NOT_FOUND, "member " + actor.memberId() + " was not found");
        }
        if (space == null || !sameId(space.id(), actor.spaceId())) {
            return new Denial(DenyCode.ACTOR_NOT_FOUND, "space " + actor.spaceId() + " was not found");
        }
        if (!sameId(service.memberId(), actor.memberId())) {
            return new Denial(DenyCode.CROSS_SPACE_VIOLATION, "service " + service.id()
                    + " does not act as member " + actor.memberId());
        }
        if (!sameId(service.spaceId(), actor.spaceId())) {
            return new Denial(DenyCode.CROSS_SPACE_VIOLATION, "service " + service.id() + " is not in space " + actor.spaceId());
        }
        if (!sameId(member.spaceId(), actor.spaceId())) {
            return new Denial(DenyCode.CROSS_SPACE_VIOLATION, "member " + member.id() + " is not in space " + actor.spaceId());
        }
        if (!MemberSnapshot.SERVICE_TYPE.equals(member.memberType())) {
            return new Denial(DenyCode.ACTOR_NOT_FOUND, "member " + member.id() + " is not a service's member (member_type "
                    + member.memberType() + ")");
        }
        return null;
    }

    // Step 2, service form: the service, its member and the space are active.
    private static Denial checkServiceState(ServiceSnapshot service, MemberSnapshot member, SpaceSnapshot space) {
        if (!ACTIVE.equals(service.status())) {
            return new Denial(DenyCode.SERVICE_INACTIVE, "service " + service.id() + " is " + statusWord(service.status()));
        }
        if (!ACTIVE.equals(member.status())) {
            return new Denial(DenyCode.ACTOR_MEMBER_INACTIVE, "member " + member.id() + " is " + statusWord(member.status()));
        }
        if (!ACTIVE.equals(space.status())) {
            return new Denial(DenyCode.SPACE_INACTIVE, "space " + space.id() + " is " + statusWord(space.status()));
        }
        return checkOrganizations(space);
    }

    // Step 2, right after the space: the space's organization and every organization above it are active.
    private static Denial checkOrganizations(SpaceSnapshot space) {
        for (OrganizationSnapshot organization : space.organizations()) {
            if (!ACTIVE.equals(organization.status())) {
                return new Denial(DenyCode.ORGANIZATION_INACTIVE, "organization " + organization.id() + " of space "
                        + space.id() + " is " + statusWord(organization.status()));
            }
        }
        return null;
    }

    // Step 1: the actor tuple exists and every part names the same user, member and space.
    private static Denial checkActorExists(ActorRef actor, UserSnapshot user, MemberSnapshot member,
                                           UserMemberSnapshot userMember, SpaceSnapshot space) {
        if (actor == null) {
            return new Denial(DenyCode.ACTOR_NOT_FOUND, "request names no actor");
        }
        if (user == null || !sameId(user.id(), actor.userId())) {
            return new Denial(DenyCode.ACTOR_NOT_FOUND, "user " + actor.userId() + " was not found");
        }
        if (member == null || !sameId(member.id(), actor.memberId())) {
            return new Denial(DenyCode.ACTOR_NOT_FOUND, "member " + actor.memberId() + " was not found");
        }
        if (userMember == null || !sameId(userMember.id(), actor.userMemberId())) {
            return new Denial(DenyCode.ACTOR_NOT_FOUND, "user member " + actor.userMemberId() + " was not found");
        }
        if (space == null || !sameId(space.id(), actor.spaceId())) {
            return new Denial(DenyCode.ACTOR_NOT_FOUND, "space " + actor.spaceId() + " was not found");
        }
        if (!sameId(userMember.userId(), actor.userId())) {
            return new Denial(DenyCode.CROSS_SPACE_VIOLATION, "user member " + userMember.id()
                    + " does not belong to user " + actor.userId());
        }
        if (!sameId(userMember.memberId(), actor.memberId())) {
            return new Denial(DenyCode.CROSS_SPACE_VIOLATION, "user member " + userMember.id()
                    + " does not bind member " + actor.memberId());
        }
        if (!sameId(userMember.spaceId(), actor.spaceId())) {
            return new Denial(DenyCode.CROSS_SPACE_VIOLATION, "user member " + userMember.id()
                    + " is not in space " + actor.spaceId());
        }
        if (!sameId(member.spaceId(), actor.spaceId())) {
            return new Denial(DenyCode.CROSS_SPACE_VIOLATION, "member " + member.id()
                    + " is not in space " + actor.spaceId());
        }
        return null;
    }

    // Step 2: every part of the actor tuple is active, the binding has not expired.
    private static Denial checkActorState(UserSnapshot user, MemberSnapshot member, SpaceSnapshot space,
                                          UserMemberSnapshot userMember, Instant now) {
        if (!ACTIVE.equals(user.status())) {
            return new Denial(DenyCode.ACTOR_USER_INACTIVE, "user " + user.id() + " is " + statusWord(user.status()));
        }
        if (!ACTIVE.equals(member.status())) {
            return new Denial(DenyCode.ACTOR_MEMBER_INACTIVE,
                    "member " + member.id() + " is " + statusWord(member.status()));
        }
        if (!ACTIVE.equals(space.status())) {
            return new Denial(DenyCode.SPACE_INACTIVE, "space " + space.id() + " is " + statusWord(space.status()));
        }
        Denial organization = checkOrganizations(space);
        if (organization != null) {
            return organization;
        }
        if (!ACTIVE.equals(userMember.status())) {
            return new Denial(DenyCode.USER_MEMBER_REVOKED,
                    "user member " + userMember.id() + " is " + statusWord(userMember.status()));
        }
        if (userMember.expiresAt() != null && !userMember.expiresAt().isAfter(now)) {
            return new Denial(DenyCode.USER_MEMBER_EXPIRED,
                    "user member " + userMember.id() + " expired at " + userMember.expiresAt());
        }
        return null;
    }

    // Step 3: the resource type and the action are registered and active.
    private static Denial checkRegistry(DecisionRequest request, RegistrySnapshot registry) {
        ResourceTypeSnapshot type = registry == null ? null : registry.resourceType();
        if (type == null || !sameId(type.key(), request.resourceType())) {
            return new Denial(DenyCode.INVALID_RESOURCE_TYPE,
                    "resource type " + request.resourceType() + " is not registered");
        }
        if (!ACTIVE.equals(type.status())) {
            return new Denial(DenyCode.INVALID_RESOURCE_TYPE,
                    "resource type " + type.key() + " is " + statusWord(type.status()));
        }
        ActionSnapshot action = registry.action();
        if (action == null || !sameId(action.key(), request.action())) {
            return new Denial(DenyCode.INVALID_RESOURCE_ACTION,
                    "action " + request.action() + " is not registered for resource type " + type.key());
        }
        if (!ACTIVE.equals(action.status())) {
            return new Denial(DenyCode.INVALID_RESOURCE_ACTION,
                    "action " + action.key() + " of resource type " + type.key() + " is "
                            + statusWord(action.status()));
        }
        return null;
    }

    /**
     * The target as decided: a type of {@code storage_kind: external} keeps no rows, so a resource it names that has no
     * row is an active resource of the actor's space, with no group and no owner (only space-scoped grants cover it).
     */
    static TargetSnapshot external(DecisionRequest request, RegistrySnapshot registry, TargetSnapshot target, String actorSpace) {
        boolean external = registry != null && registry.resourceType() != null && registry.resourceType().external()
                && sameId(registry.resourceType().key(), request.resourceType());
        if (!external || (target != null && target.resource() != null) || request.resourceId() == null) {
            return target;
        }
        return new TargetSnapshot(new ResourceSnapshot(request.resourceId(), request.resourceType(), actorSpace, null, null, null,
                null, ACTIVE), null);
    }

    // Step 4: the target resource exists and is active.
    private static Denial checkTarget(DecisionRequest request, TargetSnapshot target) {
        ResourceSnapshot resource = target == null ? null : target.resource();
        if (resource == null
                || !sameId(resource.id(), request.resourceId())
                || !sameId(resource.type(), request.resourceType())) {
            return new Denial(DenyCode.RESOURCE_NOT_FOUND,
                    "resource " + request.resourceType() + ":" + request.resourceId() + " was not found");
        }
        if (!ACTIVE.equals(resource.status())) {
            return new Denial(DenyCode.RESOURCE_ARCHIVED,
                    "resource " + resource.id() + " is " + statusWord(resource.status()));
        }
        return null;
    }

    // Step 6: the grants that are live and match the requested resource type and action, in the stable order.
    private static List<Grant> matchingGrants(List<Grant> grants, String memberId, Map<String, List<TeamRef>> teams,
                                              DecisionRequest request, Instant now) {
        List<Grant> matching = new ArrayList<>();
        if (grants == null) {
            return matching;
        }
        for (Grant grant : grants) {
            if (grant != null && isLive(grant, memberId, teams, now)
                    && sameId(grant.permissionResource(), request.resourceType())
                    && sameId(grant.permissionAction(), request.action())) {
                matching.add(grant);
            }
        }
        matching.sort(STABLE_ORDER);
        return matching;
    }

    private static boolean isLive(Grant grant, String memberId, Map<String, List<TeamRef>> teams, Instant now) {
        boolean held = Grant.TEAM.equals(grant.subjectKind())
                ? grant.teamId() != null && teams.containsKey(grant.teamId())
                : sameId(grant.memberRoleMemberId(), memberId);
        boolean bindingLive = held && ACTIVE.equals(grant.memberRoleStatus())
                && (grant.memberRoleExpiresAt() == null || grant.memberRoleExpiresAt().isAfter(now));
        boolean roleLive = grant.direct()
                || (ACTIVE.equals(grant.roleStatus()) && ACTIVE.equals(grant.rolePermissionStatus()));
        return bindingLive && roleLive && ACTIVE.equals(grant.permissionStatus());
    }

    // Step 5: the target and every candidate live in the request's space. A global role lives in no space (one
    // that names a space is inconsistent) and is bindable in every one; an organization role lives in no space and is
    // bindable in the spaces of its organization and of those below it: their member role and anchor are checked.
    // (Member and binding: step 1.)
    private static Denial checkSameSpace(String spaceId, SpaceSnapshot space, TargetSnapshot target, List<Grant> candidates,
                                         Map<String, List<TeamRef>> teams) {
        ResourceSnapshot resource = target.resource();
        if (!sameId(resource.spaceId(), spaceId)) {
            return crossSpace("resource " + resource.id(), resource.spaceId(), spaceId);
        }
        GroupSnapshot group = target.group();
        if (group != null && !sameId(group.spaceId(), spaceId)) {
            return crossSpace("target group " + group.id(), group.spaceId(), spaceId);
        }
        for (Grant grant : candidates) {
            boolean roleHere = grant.direct() || switch (grant.roleLevel()) {
                case Grant.GLOBAL_ROLE -> grant.roleSpaceId() == null;
                case Grant.ORGANIZATION_ROLE -> grant.roleSpaceId() == null && space.within(grant.roleOrganizationId());
                default -> sameId(grant.roleSpaceId(), spaceId);
            };
            if (!roleHere) {
                return crossSpace("role " + grant.roleKey(), grant.roleSpaceId(), spaceId);
            }
            if (!sameId(grant.memberRoleSpaceId(), spaceId)) {
                return crossSpace("member role " + grant.memberRoleId(), grant.memberRoleSpaceId(), spaceId);
            }
            GroupSnapshot anchor = grant.scopeAnchor();
            if (anchor != null && !sameId(anchor.spaceId(), spaceId)) {
                return crossSpace("scope anchor " + anchor.id(), anchor.spaceId(), spaceId);
            }
            for (TeamRef team : teams.getOrDefault(grant.teamId(), List.of())) {
                if (!sameId(team.spaceId(), spaceId)) {
                    return crossSpace("team " + team.id(), team.spaceId(), spaceId);
                }
            }
        }
        return null;
    }

    /** The reason names the actor's space only: never the space the foreign row is in. */
    private static Denial crossSpace(String what, String actualSpaceId, String expectedSpaceId) {
        return new Denial(DenyCode.CROSS_SPACE_VIOLATION, what + " is not in space " + expectedSpaceId);
    }

    // Step 7: one candidate with its scope check, then, when covered, its conditions.
    private static Candidate candidate(Grant grant, ActorRef actor, TargetSnapshot target, Map<String, List<TeamRef>> teams,
                                       Attributes attributes, Map<String, Object> context, Instant now) {
        ScopeCheck scopeCheck = ScopeRules.check(grant.permissionScope(), grant.scopeAnchorGroupId(),
                grant.scopeAnchor(), actor, target);
        boolean conditional = !grant.conditions().unconditional();
        ConditionCheck conditionCheck = conditional && scopeCheck.covered()
                ? ConditionEvaluator.check(grant.conditions(), attributes, context, now) : null;
        boolean team = Grant.TEAM.equals(grant.subjectKind());
        return new Candidate(
                grant.direct() ? null : new RoleRef(grant.roleId(), grant.roleKey(), grant.roleSpaceId(), grant.roleVersion()),
                new MemberRoleRef(grant.memberRoleId(), grant.memberRoleSpaceId(), grant.memberRoleExpiresAt()),
                new PermissionRef(grant.permissionId(), grant.permissionResource(), grant.permissionAction(),
                        grant.permissionScope()),
                grant.scopeAnchor(),
                scopeCheck,
                new SubjectRef(grant.subjectKind(), team ? grant.teamId() : grant.memberRoleMemberId()),
                team ? teams.get(grant.teamId()) : null,
                conditional ? grant.conditions() : null,
                conditionCheck);
    }

    /** What conditions read as {@code context.*}: the request's object, {@code time} always now, {@code ip} the client's unless sent. */
    private static Map<String, Object> context(DecisionRequest request, Instant now) {
        Map<String, Object> context = new HashMap<>(request.context());
        context.put("time", now);
        // The clock in UTC, for windows that repeat (working hours): hour 0 to 23, weekday mon to sun.
        java.time.ZonedDateTime utc = now.atZone(java.time.ZoneOffset.UTC);
        context.put("hour", java.math.BigDecimal.valueOf(utc.getHour()));
        context.put("weekday", utc.getDayOfWeek().getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.ROOT)
                .toLowerCase(java.util.Locale.ROOT));
        if (context.get("ip") == null && request.request() != null && request.request().ip() != null) {
            context.put("ip", request.request().ip());
        }
        return context;
    }

    private static String describe(Candidate candidate) {
        PermissionRef permission = candidate.permission();
        String grant = candidate.role() == null ? "direct permission" : "role " + candidate.role().key();
        String via = candidate.via() == null ? "" : " via team " + candidate.via().get(candidate.via().size() - 1).key();
        return grant + " (" + permission.resource() + ":" + permission.action() + ", " + permission.scope() + ")" + via;
    }

    private static boolean sameId(String actual, String expected) {
        return actual != null && actual.equals(expected);
    }

    private static String statusWord(String status) {
        return status == null ? "without a status" : status;
    }

    /** A deny code with its human reason. */
    private record Denial(DenyCode code, String reason) {
    }

    /** What every decision carries into its trace, whatever the outcome. */
    private record Evidence(ActorSnapshot actor, SpaceSnapshot space, TargetSnapshot target,
                            RegistrySnapshot registry, RequestMeta request, Instant now, String traceId) {

        Decision allow(String reason, List<Candidate> candidates) {
            return new Decision(Decision.TRACE_VERSION, traceId, Decision.ALLOW, null, reason, actor, space, target,
                    registry, candidates, request, now, null);
        }

        Decision deny(Denial denial, List<Candidate> candidates) {
            return new Decision(Decision.TRACE_VERSION, traceId, Decision.DENY, denial.code(), denial.reason(),
                    actor, space, target, registry, candidates, request, now, null);
        }
    }
}
