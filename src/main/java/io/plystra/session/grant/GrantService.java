package io.plystra.session.grant;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.plystra.audit.AuditedWrite;
import io.plystra.audit.Mutation;
import io.plystra.identity.ReferenceRepository;
import io.plystra.kernel.AdminGrant;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.Caller;
import io.plystra.kernel.ErrorCode;
import io.plystra.kernel.Ids;
import io.plystra.kernel.Page;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.RequestContext;
import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Admin grants. The route's permission ({@code admin_grants:read} or {@code :manage}, {@code @Requires}
 * on {@link GrantResource}) is checked before these run; lists narrow to the caller's spaces, single
 * rows to their space (an organization grant to its organization). A grant is created or revoked only by a caller
 * holding {@code admin_grants:manage} where the grant applies, through a grant of the grant's level or a broader one
 * (space_admin at least: group admins manage no grants); instance-level grants only by a super admin. Creating also needs the permission key being granted. The last
 * active super-admin grant cannot be revoked. API keys never create or revoke grants.
 */
@ApplicationScoped
public class GrantService {

    @Inject
    GrantRepository grants;
    @Inject
    AuditedWrite writes;
    @Inject
    RequestContext request;

    /** The caller's user and its active grants ({@code /admin/me}). */
    @WithSession
    public Uni<AdminMe> me() {
        Caller caller = request.caller();
        return grants.activeOf(caller.userId()).map(rows -> new AdminMe(
                Map.of("id", caller.userId(), "email", caller.email(), "status", "active"),
                rows.stream().map(GrantView::of).toList()));
    }

    @WithSession
    public Uni<Page<GrantView>> list(PageRequest page, String userId, String status) {
        Status wanted = Status.parse(status, "status", Status.REVOCABLE);
        if (userId != null && !Ids.wellFormed(userId)) {
            throw ApiException.validation("user_id", "is not an id");
        }
        return grants.page(page, request.onlySpaces(), request.onlyOrganizations(), userId, wanted)
                .map(rows -> Page.of(rows, page.limit(), g -> g.createdAt, g -> g.id, GrantView::of));
    }

    @WithSession
    public Uni<GrantView> get(String id) {
        return visible(id).map(GrantView::of);
    }

    @WithTransaction
    public Uni<GrantView> create(GrantCreate body) {
        Caller caller = request.caller();
        String manage = request.permission();
        // A key acts with fixed grants of its own level: granting or revoking through it would bypass the rank rule.
        request.requireUserSession("create or revoke admin grants");
        Grant g = validated(body);
        authorize(caller, manage, g);
        authorize(caller, g.permissionKey, g);
        g.createdByUserId = caller.userId();
        g.createdAt = request.now();
        g.updatedAt = g.createdAt;
        Uni<?> write = checkReferences(g)
                .flatMap(v -> grants.activeExists(g))
                .flatMap(exists -> {
                    if (exists) {
                        throw ApiException.conflict("admin_grant", "this user holds this very grant already");
                    }
                    return grants.persistAndFlush(g);
                });
        return writes.commit(write, changed(g, "created"));
    }

    @WithTransaction
    public Uni<GrantView> revoke(String id) {
        Caller caller = request.caller();
        String manage = request.permission();
        // A key acts with fixed grants of its own level: granting or revoking through it would bypass the rank rule.
        request.requireUserSession("create or revoke admin grants");
        return visible(id).flatMap(g -> {
            authorize(caller, manage, g);
            if (g.status != Status.ACTIVE) {
                return Uni.createFrom().item(GrantView.of(g));
            }
            Uni<Void> guard = AdminGrant.SUPER_ADMIN.equals(g.level)
                    ? grants.lockActiveSuperAdmins().invoke(ids -> {
                        if (ids.size() == 1 && ids.contains(g.id)) {
                            throw new ApiException(ErrorCode.LAST_SUPER_ADMIN, "this is the last active super-admin grant; grant another super admin first", Map.of("id", g.id));
                        }
                    }).replaceWithVoid()
                    : Uni.createFrom().voidItem();
            return guard.flatMap(v -> {
                g.status = Status.REVOKED;
                g.revokedAt = request.now();
                g.updatedAt = g.revokedAt;
                return writes.commit(grants.flush(), changed(g, "revoked"));
            });
        });
    }

    /**
     * 403 unless the caller holds {@code permission} where {@code g} applies: in its space as a space admin or broader,
     * for its organization as an admin of it or an ancestor or broader, or as a super admin for instance levels.
     */
    static void authorize(Caller caller, String permission, Grant g) {
        boolean organization = AdminGrant.ORGANIZATION_ADMIN.equals(g.level);
        String needed = AdminGrant.instanceLevel(g.level) ? AdminGrant.SUPER_ADMIN
                : organization ? AdminGrant.ORGANIZATION_ADMIN : AdminGrant.SPACE_ADMIN;
        boolean holds = organization ? caller.holdsForOrganizationAtLevel(permission, g.organizationId, needed)
                : caller.holdsAtLevel(permission, g.spaceId, needed);
        if (!holds) {
            String message = AdminGrant.SUPER_ADMIN.equals(needed)
                    ? "only a super admin creates or revokes instance-level grants"
                    : "this needs " + permission + " through a " + needed + " grant or a broader one";
            throw new ApiException(ErrorCode.ADMIN_PERMISSION_REQUIRED, message, Map.of("permission", permission, "level", needed));
        }
    }

    private static Grant validated(GrantCreate body) {
        if (body == null) {
            throw ApiException.validation("body", "must be a JSON object with user_id and level");
        }
        Map<String, String> problems = new LinkedHashMap<>();
        if (!Ids.wellFormed(body.userId())) {
            problems.put("user_id", "is required");
        }
        String level = body.level();
        if (!AdminGrant.LEVELS.contains(level)) {
            problems.put("level", "must be one of " + AdminGrant.LEVELS);
        }
        String key = body.permissionKey() == null ? "*" : body.permissionKey();
        if (!AdminGrant.wellFormedKey(key)) {
            problems.put("permission_key", "must be " + AdminGrant.KEY_FORMAT);
        }
        boolean instance = AdminGrant.instanceLevel(level);
        boolean organization = AdminGrant.ORGANIZATION_ADMIN.equals(level);
        if ((instance || organization) && body.spaceId() != null) {
            problems.put("space_id", "must be absent for an instance-level or organization_admin grant");
        } else if (!instance && !organization && !Ids.wellFormed(body.spaceId())) {
            problems.put("space_id", "is required for a space_admin or group_admin grant");
        }
        if (organization && !Ids.wellFormed(body.organizationId())) {
            problems.put("organization_id", "is required for an organization_admin grant");
        } else if (!organization && body.organizationId() != null) {
            problems.put("organization_id", "is only for an organization_admin grant");
        }
        if (AdminGrant.GROUP_ADMIN.equals(level) && !Ids.wellFormed(body.groupId())) {
            problems.put("group_id", "is required for a group_admin grant");
        } else if (!AdminGrant.GROUP_ADMIN.equals(level) && body.groupId() != null) {
            problems.put("group_id", "is only for a group_admin grant");
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        Grant g = new Grant();
        g.id = Ids.givenOrNew(body.id(), "grant");
        g.userId = body.userId();
        g.level = level;
        g.spaceId = body.spaceId();
        g.groupId = body.groupId();
        g.organizationId = body.organizationId();
        g.permissionKey = key;
        g.status = Status.ACTIVE;
        return g;
    }

    /** 400 naming the field when the user, the space, the group (in that space) or the organization does not exist. */
    private static Uni<Void> checkReferences(Grant g) {
        Uni<Void> checks = ReferenceRepository.userExists(g.userId).invoke(ok -> fail(ok, "user_id", "no such user")).replaceWithVoid();
        if (g.spaceId != null) {
            checks = checks.flatMap(v -> ReferenceRepository.spaceExists(g.spaceId))
                    .invoke(ok -> fail(ok, "space_id", "no such space")).replaceWithVoid();
        }
        if (g.groupId != null) {
            checks = checks.flatMap(v -> ReferenceRepository.groupInSpace(g.groupId, g.spaceId))
                    .invoke(ok -> fail(ok, "group_id", "no such group in space " + g.spaceId)).replaceWithVoid();
        }
        if (g.organizationId != null) {
            checks = checks.flatMap(v -> ReferenceRepository.organizationExists(g.organizationId))
                    .invoke(ok -> fail(ok, "organization_id", "no such organization")).replaceWithVoid();
        }
        return checks;
    }

    private static void fail(boolean ok, String field, String problem) {
        if (!ok) {
            throw ApiException.validation(field, problem);
        }
    }

    /** The grant, if the route's permission holds where it applies; a grant out of reach is as unknown (404). */
    private Uni<Grant> visible(String id) {
        return find(id).invoke(g -> {
            if (g.organizationId != null) {
                request.requireVisibleInOrganization(g.organizationId, "admin_grant", id);
            } else {
                request.requireVisibleIn(g.spaceId, "admin_grant", id);
            }
        });
    }

    private Uni<Grant> find(String id) {
        if (!Ids.wellFormed(id)) {
            return Uni.createFrom().failure(ApiException.notFound("admin_grant", String.valueOf(id)));
        }
        return grants.findById(id).onItem().ifNull().failWith(() -> ApiException.notFound("admin_grant", id));
    }

    private static Mutation<GrantView> changed(Grant g, String verb) {
        return new Mutation<>("admin_grant", verb, g.id, g.spaceId, GrantView.of(g));
    }

    /** {@code /admin/me}: the user and its active grants. */
    public record AdminMe(Map<String, Object> user, List<GrantView> grants) {
    }
}
