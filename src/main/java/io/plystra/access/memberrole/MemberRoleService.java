package io.plystra.access.memberrole;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.plystra.access.role.RoleRepository;
import io.plystra.audit.AuditedWrite;
import io.plystra.audit.Mutation;
import io.plystra.identity.ReferenceRepository;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.Ids;
import io.plystra.kernel.JsonPatch;
import io.plystra.kernel.Page;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.RequestContext;
import io.plystra.kernel.Status;
import io.plystra.kernel.Timestamps;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Member-roles of a space. The route's {@code roles:*} permission in that space is checked before these
 * run ({@code @Requires} on {@link MemberRoleResource}). A member-role binds a role of its space, a global role or a
 * role of the space's organization or an organization above it ({@link io.plystra.access.role.Role#bindableIn}); the
 * schema's foreign key only says the role exists.
 */
@ApplicationScoped
public class MemberRoleService {

    static final Set<String> PATCHABLE = Set.of("scope_anchor_group_id", "expires_at");
    static final Set<String> IMMUTABLE = Set.of("id", "space_id", "member_id", "role_id", "status", "revoked_at");

    @Inject
    MemberRoleRepository memberRoles;
    @Inject
    RoleRepository roles;
    @Inject
    ReferenceRepository references;
    @Inject
    AuditedWrite writes;
    @Inject
    RequestContext request;
    @Inject
    BindingHistoryRepository history;

    @WithSession
    public Uni<Page<MemberRoleView>> list(String spaceId, PageRequest page, String memberId, String roleId, String status) {
        // first: a bad filter is 400 even in a missing space
        Uni<List<MemberRole>> rows = memberRoles.page(spaceId, page, memberId, roleId, status);
        return references.space(spaceId).flatMap(v -> rows)
                .map(found -> Page.of(found, page.limit(), m -> m.createdAt, m -> m.id, MemberRoleView::of));
    }

    @WithSession
    public Uni<MemberRoleView> get(String spaceId, String id) {
        return find(spaceId, id).map(MemberRoleView::of);
    }

    @WithTransaction
    public Uni<MemberRoleView> create(String spaceId, MemberRoleCreate body) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (body == null || body.memberId() == null || body.memberId().isBlank()) {
            problems.put("member_id", "is required");
        }
        if (body == null || body.roleId() == null || body.roleId().isBlank()) {
            problems.put("role_id", "is required");
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        MemberRole m = new MemberRole();
        m.id = Ids.givenOrNew(body.id(), "mr");
        m.spaceId = spaceId;
        m.memberId = body.memberId();
        m.roleId = body.roleId();
        m.scopeAnchorGroupId = body.scopeAnchorGroupId();
        m.createdAt = request.now();
        m.updatedAt = m.createdAt;
        m.expiresAt = future(Timestamps.parse(body.expiresAt(), "expires_at"));
        m.status = Status.ACTIVE;
        return references.space(spaceId)
                .flatMap(v -> references.member(spaceId, "member_id", m.memberId))
                .flatMap(v -> roles.bindableIn(spaceId, m.roleId))
                .invoke(role -> {
                    if (role == null) {
                        throw ApiException.validation("role_id", "must be a role of this space");
                    }
                })
                .flatMap(role -> references.group(spaceId, "scope_anchor_group_id", m.scopeAnchorGroupId))
                .flatMap(v -> memberRoles.inForce(m.memberId, m.roleId, m.scopeAnchorGroupId, m.createdAt))
                .flatMap(held -> {
                    if (held) {
                        throw ApiException.conflict("member_role", "the member already holds this role at this anchor");
                    }
                    return writes.commit(memberRoles.persistAndFlush(m)
                            .call(() -> history.record(m, "created", changedBy(request), m.createdAt)), changed(m, "created"));
                });
    }

    @WithTransaction
    public Uni<MemberRoleView> patch(String spaceId, String id, JsonPatch patch) {
        Instant expiresAt = patch.has("expires_at") ? future(patch.instant("expires_at")) : null;
        String anchor = patch.has("scope_anchor_group_id") ? patch.text("scope_anchor_group_id", false) : null;
        return find(spaceId, id)
                .call(m -> references.group(spaceId, "scope_anchor_group_id", anchor))
                .flatMap(m -> {
                    if (patch.has("expires_at")) {
                        m.expiresAt = expiresAt;
                    }
                    if (patch.has("scope_anchor_group_id")) {
                        m.scopeAnchorGroupId = anchor;
                    }
                    return save(m, "updated");
                });
    }

    /** Revoking twice keeps the first revocation time. */
    @WithTransaction
    public Uni<MemberRoleView> revoke(String spaceId, String id) {
        return find(spaceId, id).flatMap(m -> {
            if (m.status != Status.REVOKED) {
                m.status = Status.REVOKED;
                m.revokedAt = request.now();
            }
            return save(m, "revoked");
        });
    }

    private Uni<MemberRoleView> save(MemberRole m, String verb) {
        m.updatedAt = request.now();
        m.version++;
        return writes.commit(memberRoles.flush().call(() -> history.record(m, verb, changedBy(request), m.updatedAt)),
                changed(m, verb));
    }

    /** Who changed a binding, as its history names them: the user, or the API key. */
    public static String changedBy(RequestContext request) {
        var caller = request.caller();
        return caller.userId() != null ? caller.userId() : "api_key:" + caller.apiKeyId();
    }

    private Uni<MemberRole> find(String spaceId, String id) {
        return memberRoles.inSpace(spaceId, id).onItem().ifNull().failWith(() -> ApiException.notFound("member_role", id));
    }

    /** Null (never expires) or a time after now. */
    private Instant future(Instant expiresAt) {
        if (expiresAt != null && !expiresAt.isAfter(request.now())) {
            throw ApiException.validation("expires_at", "must be in the future");
        }
        return expiresAt;
    }

    private static Mutation<MemberRoleView> changed(MemberRole m, String verb) {
        return new Mutation<>("member_role", verb, m.id, m.spaceId, MemberRoleView.of(m));
    }
}
