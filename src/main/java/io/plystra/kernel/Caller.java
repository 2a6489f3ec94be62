package io.plystra.kernel;

import java.util.List;

/**
 * Who is calling: a session (a logged-in user, with its active actor when it has one), an API key, or
 * a service's own key ({@link #isService()}: {@code apiKeyId} is the service key's id, {@code actor} the
 * service, no user and no grant). Admin permissions come from the user's active admin grants, or from
 * the key's own keys and space; a service key carries none. A {@code group_admin} grant counts only in
 * {@link #holdsWithin} and {@link #holdsForGroup}; an {@code organization_admin} grant holds in every space and
 * organization below its organization.
 */
public record Caller(String sessionId, String apiKeyId, String userId, String email, Actor actor,
                     List<AdminGrant> grants) {

    /** The operator of a write made outside HTTP (plystractl, start-up): no user, no key, no grant. */
    public static final Caller SYSTEM = new Caller(null, null, null, null, null, List.of());

    /** How a service's own key begins ({@code ply_svc_<64 hex>}), beside sessions' {@code ply_at_} and API keys' {@code ply_key_}. */
    public static final String SERVICE_KEY_PREFIX = "ply_svc_";

    /** Whether the caller authenticated with a service's own key: it acts as that service and holds no admin permission. */
    public boolean isService() {
        return actor != null && actor.serviceId() != null;
    }

    /**
     * Whether a grant carries {@code permission} instance-wide, in some organization or in the whole of some space
     * (the gate of routes that name no space; the service narrows to spaces). Group grants do not count.
     */
    public boolean holdsAnywhere(String permission) {
        return grants.stream().anyMatch(g -> g.coversKey(permission) && g.appliesToWholeSpaces());
    }

    /** 403 unless a grant carries {@code permission} in {@code space} ({@code null}: an instance-wide route). */
    public void require(String permission, String space) {
        if (!holdsIn(permission, space)) {
            throw ApiException.adminPermissionRequired(permission);
        }
    }

    /** Whether an instance-level grant carries {@code permission}: the caller sees every space. */
    public boolean instanceWide(String permission) {
        return holdsIn(permission, null);
    }

    /** The spaces where a space or organization grant carries {@code permission} (group grants do not count). */
    public java.util.Set<String> spacesWith(String permission) {
        return grants.stream().filter(g -> g.coversKey(permission) && g.appliesToWholeSpaces())
                .flatMap(g -> g.spaceId() != null ? java.util.stream.Stream.of(g.spaceId()) : g.organizationSpaces().stream())
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** The organizations where an organization grant carries {@code permission}: each grant's organization and those below it. */
    public java.util.Set<String> organizationsWith(String permission) {
        return grants.stream().filter(g -> g.coversKey(permission)).flatMap(g -> g.organizations().stream())
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** Whether a grant carries {@code permission} for {@code organization}: instance-wide, or over it or an ancestor. */
    public boolean holdsForOrganization(String permission, String organization) {
        return grants.stream().anyMatch(g -> g.coversKey(permission) && g.appliesToOrganization(organization));
    }

    /** Like {@link #holdsForOrganization}, through a grant of {@code level} or a broader one. */
    public boolean holdsForOrganizationAtLevel(String permission, String organization, String level) {
        return grants.stream().anyMatch(g -> g.atLeast(level) && g.coversKey(permission) && g.appliesToOrganization(organization));
    }

    /** 403 unless {@link #holdsForOrganization}. */
    public void requireForOrganization(String permission, String organization) {
        if (!holdsForOrganization(permission, organization)) {
            throw ApiException.adminPermissionRequired(permission);
        }
    }

    /** Whether a grant carries {@code permission} in the whole of {@code space} ({@code null}: instance-wide). */
    public boolean holdsIn(String permission, String space) {
        return grants.stream().anyMatch(g -> g.coversKey(permission) && g.appliesIn(space));
    }

    /** Whether a grant carries {@code permission} in some part of {@code space}, group grants included (the gate of group routes). */
    public boolean holdsWithin(String permission, String space) {
        return grants.stream().anyMatch(g -> g.coversKey(permission) && g.appliesWithin(space));
    }

    /** Whether a grant carries {@code permission} for the group at {@code groupPath} in {@code space}: {@link AdminGrant#appliesToGroup}. */
    public boolean holdsForGroup(String permission, String space, String groupPath) {
        return grants.stream().anyMatch(g -> g.coversKey(permission) && g.appliesToGroup(space, groupPath));
    }

    /** 403 unless {@link #holdsForGroup}. */
    public void requireForGroup(String permission, String space, String groupPath) {
        if (!holdsForGroup(permission, space, groupPath)) {
            throw ApiException.adminPermissionRequired(permission);
        }
    }

    /** Like {@link #holdsIn}, through a grant of {@code level} or a broader one. */
    public boolean holdsAtLevel(String permission, String space, String level) {
        return grants.stream().anyMatch(g -> g.atLeast(level) && g.coversKey(permission) && g.appliesIn(space));
    }

    /**
     * The acting identity: of a session, the user, the member it acts as, their binding and the space; of a
     * service key, the service, its member and its space ({@code userId} and {@code userMemberId} null).
     */
    public record Actor(String userId, String memberId, String userMemberId, String spaceId,
                        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                        String serviceId) {

        public Actor(String userId, String memberId, String userMemberId, String spaceId) {
            this(userId, memberId, userMemberId, spaceId, null);
        }
    }
}
