package io.plystra.access.memberrole;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.identity.ReferenceRepository;
import io.plystra.access.role.RoleRepository;
import io.plystra.audit.MutationAudit;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.DatabaseErrors;
import io.plystra.kernel.DbTime;
import io.plystra.kernel.Ids;
import io.plystra.kernel.JsonPatch;
import io.plystra.kernel.KeysetQuery;
import io.plystra.kernel.Page;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.RequestInfo;
import io.plystra.kernel.Timestamps;
import io.plystra.kernel.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** Member-roles live in a space and use the {@code roles:*} admin permission of that space. */
@ApplicationScoped
public class MemberRoleService {

    static final Set<String> PATCHABLE = Set.of("scope_anchor_group_id", "expires_at");
    static final Set<String> IMMUTABLE = Set.of("id", "space_id", "member_id", "role_id", "status", "revoked_at");
    static final Set<String> STATUSES = Set.of("active", "revoked");

    private final MemberRoleRepository memberRoles;
    private final RoleRepository roles;
    private final ReferenceRepository references;
    private final MutationAudit audit;

    public MemberRoleService(MemberRoleRepository memberRoles, RoleRepository roles, ReferenceRepository references,
                             MutationAudit audit) {
        this.memberRoles = memberRoles;
        this.roles = roles;
        this.references = references;
        this.audit = audit;
    }

    @WithSession
    public Uni<Page<MemberRoleView>> list(Caller caller, String spaceId, PageRequest page, String memberId, String roleId,
                                          String status) {
        caller.require("roles:read", spaceId);
        KeysetQuery query = KeysetQuery.after(page).eq("spaceId", spaceId).eq("memberId", memberId).eq("roleId", roleId)
                .oneOf("status", "status", status, STATUSES);
        return references.space(spaceId).flatMap(v -> query.list(memberRoles))
                .map(rows -> Page.of(rows, page.limit(), m -> m.createdAt, m -> m.id, MemberRoleView::of));
    }

    @WithSession
    public Uni<MemberRoleView> get(Caller caller, String spaceId, String id) {
        caller.require("roles:read", spaceId);
        return find(spaceId, id).map(MemberRoleView::of);
    }

    @WithTransaction
    public Uni<MemberRoleView> create(Caller caller, RequestInfo request, String spaceId, MemberRoleCreate body) {
        caller.require("roles:manage", spaceId);
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
        m.expiresAt = future(Timestamps.parse(body.expiresAt(), "expires_at"));
        m.status = "active";
        m.createdAt = DbTime.now();
        m.updatedAt = m.createdAt;
        return references.space(spaceId)
                .flatMap(v -> references.member(spaceId, "member_id", m.memberId))
                .flatMap(v -> roles.inSpace(spaceId, m.roleId))
                .invoke(role -> {
                    if (role == null) {
                        throw ApiException.validation("role_id", "must be a role of this space");
                    }
                })
                .flatMap(role -> references.group(spaceId, "scope_anchor_group_id", m.scopeAnchorGroupId))
                .flatMap(v -> memberRoles.inForce(m.memberId, m.roleId, m.scopeAnchorGroupId, m.createdAt))
                .flatMap(held -> {
                    if (held) {
                        throw conflict("the member already holds this role at this anchor");
                    }
                    return memberRoles.persistAndFlush(m);
                })
                .onFailure(DatabaseErrors::uniqueViolation).transform(e -> conflict("a member-role with this id exists"))
                .flatMap(saved -> audit.record(caller, request, "member_role", "created", m.id, spaceId, MemberRoleView.of(m)))
                .replaceWith(() -> MemberRoleView.of(m));
    }

    @WithTransaction
    public Uni<MemberRoleView> patch(Caller caller, RequestInfo request, String spaceId, String id, JsonPatch patch) {
        caller.require("roles:manage", spaceId);
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
                    return save(caller, request, m, "updated");
                });
    }

    /** Revoking twice keeps the first revocation time. */
    @WithTransaction
    public Uni<MemberRoleView> revoke(Caller caller, RequestInfo request, String spaceId, String id) {
        caller.require("roles:manage", spaceId);
        return find(spaceId, id).flatMap(m -> {
            if (!"revoked".equals(m.status)) {
                m.status = "revoked";
                m.revokedAt = DbTime.now();
            }
            return save(caller, request, m, "revoked");
        });
    }

    private Uni<MemberRoleView> save(Caller caller, RequestInfo request, MemberRole m, String verb) {
        m.updatedAt = DbTime.now();
        return memberRoles.flush()
                .flatMap(v -> audit.record(caller, request, "member_role", verb, m.id, m.spaceId, MemberRoleView.of(m)))
                .replaceWith(() -> MemberRoleView.of(m));
    }

    private Uni<MemberRole> find(String spaceId, String id) {
        return memberRoles.inSpace(spaceId, id).onItem().ifNull().failWith(() -> ApiException.notFound("member_role", id));
    }

    /** Null (never expires) or a time after now. */
    private static Instant future(Instant expiresAt) {
        if (expiresAt != null && !expiresAt.isAfter(Instant.now())) {
            throw ApiException.validation("expires_at", "must be in the future");
        }
        return expiresAt;
    }

    private static ApiException conflict(String message) {
        return ApiException.conflict("member_role", message);
    }
}
