package io.plystra.access.binding;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import io.plystra.access.memberrole.BindingHistoryRepository;
import io.plystra.access.memberrole.MemberRole;
import io.plystra.access.memberrole.MemberRoleRepository;
import io.plystra.access.memberrole.MemberRoleService;
import io.plystra.access.role.RoleRepository;
import io.plystra.audit.AuditedWrite;
import io.plystra.audit.Mutation;
import io.plystra.authz.engine.ConditionParser;
import io.plystra.identity.ReferenceRepository;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.Ids;
import io.plystra.kernel.JsonPatch;
import io.plystra.kernel.JsonValues;
import io.plystra.kernel.Page;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.RequestContext;
import io.plystra.kernel.Status;
import io.plystra.kernel.Timestamps;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Bindings of a space: a member or a team holds a role of the space, or one permission directly, optionally at an
 * anchor group, until an expiry, under conditions. Every change is a new version in the binding's history; a rollback
 * writes an old version's state as a new one. The subject and the grant of a binding never change: bind anew instead.
 * The route's {@code roles:*} permission in the space is checked before these run.
 */
@ApplicationScoped
public class BindingService {

    static final Set<String> PATCHABLE = Set.of("scope_anchor_group_id", "expires_at", "conditions");
    static final Set<String> IMMUTABLE = Set.of("id", "space_id", "subject", "role_id", "permission_id", "status",
            "version", "revoked_at", "created_at", "updated_at");
    static final Set<String> SUBJECT_KINDS = Set.of(MemberRole.SUBJECT_MEMBER, MemberRole.SUBJECT_SERVICE, MemberRole.SUBJECT_TEAM);
    static final int MAX_HISTORY = 200;

    @Inject
    MemberRoleRepository bindings;
    @Inject
    BindingHistoryRepository history;
    @Inject
    BindingRepository targets;
    @Inject
    RoleRepository roles;
    @Inject
    ReferenceRepository references;
    @Inject
    AuditedWrite writes;
    @Inject
    RequestContext request;

    @WithSession
    public Uni<Page<BindingView>> list(String spaceId, PageRequest page, String subjectKind, String subjectId, String roleId,
                                       String permissionId, String status) {
        Uni<List<MemberRole>> rows = bindings.bindings(spaceId, page, subjectKind, subjectId, roleId, permissionId, status);
        return references.space(spaceId).flatMap(v -> rows)
                .map(found -> Page.of(found, page.limit(), m -> m.createdAt, m -> m.id, BindingView::of));
    }

    @WithSession
    public Uni<BindingView> get(String spaceId, String id) {
        return find(spaceId, id).map(BindingView::of);
    }

    @WithTransaction
    public Uni<BindingView> create(String spaceId, BindingCreate body) {
        if (body == null) {
            throw ApiException.validation("body", "must be a JSON object with subject and role_id or permission_id");
        }
        Map<String, String> problems = new LinkedHashMap<>();
        BindingView.Subject subject = body.subject();
        if (subject == null || subject.kind() == null || !SUBJECT_KINDS.contains(subject.kind())) {
            problems.put("subject.kind", "must be one of " + SUBJECT_KINDS.stream().sorted().toList());
        }
        if (subject == null || subject.id() == null || subject.id().isBlank()) {
            problems.put("subject.id", "is required");
        }
        if ((body.roleId() == null) == (body.permissionId() == null)) {
            problems.put("role_id", "exactly one of role_id and permission_id is required");
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        MemberRole m = new MemberRole();
        m.id = Ids.givenOrNew(body.id(), "bnd");
        m.spaceId = spaceId;
        m.subjectKind = subject.kind();
        m.memberId = MemberRole.SUBJECT_TEAM.equals(subject.kind()) ? null : subject.id();
        m.teamId = MemberRole.SUBJECT_TEAM.equals(subject.kind()) ? subject.id() : null;
        m.roleId = body.roleId();
        m.permissionId = body.permissionId();
        m.scopeAnchorGroupId = body.scopeAnchorGroupId();
        m.conditions = conditions(body.conditions());
        m.createdAt = request.now();
        m.updatedAt = m.createdAt;
        m.expiresAt = future(Timestamps.parse(body.expiresAt(), "expires_at"));
        m.status = Status.ACTIVE;
        return references.space(spaceId)
                .flatMap(v -> checkSubject(m))
                .flatMap(v -> checkGrant(m))
                .flatMap(v -> checkColumnGroups(m))
                .flatMap(v -> references.group(spaceId, "scope_anchor_group_id", m.scopeAnchorGroupId))
                .flatMap(v -> writes.commit(bindings.persistAndFlush(m)
                        .call(() -> history.record(m, "created", MemberRoleService.changedBy(request), m.createdAt)),
                        changed(m, "created")));
    }

    @WithTransaction
    public Uni<BindingView> patch(String spaceId, String id, JsonPatch patch) {
        Instant expiresAt = patch.has("expires_at") ? future(patch.instant("expires_at")) : null;
        String anchor = patch.has("scope_anchor_group_id") ? patch.text("scope_anchor_group_id", false) : null;
        String conditions = patch.has("conditions") ? conditions(patch.node("conditions")) : null;
        return find(spaceId, id)
                .call(m -> references.group(spaceId, "scope_anchor_group_id", anchor))
                .call(m -> patch.has("conditions") ? checkColumnGroups(m.roleId, m.permissionId, conditions) : Uni.createFrom().voidItem())
                .flatMap(m -> {
                    if (patch.has("expires_at")) {
                        m.expiresAt = expiresAt;
                    }
                    if (patch.has("scope_anchor_group_id")) {
                        m.scopeAnchorGroupId = anchor;
                    }
                    if (patch.has("conditions")) {
                        m.conditions = conditions;
                    }
                    return save(m, "updated", null);
                });
    }

    @WithTransaction
    public Uni<BindingView> revoke(String spaceId, String id) {
        return find(spaceId, id).flatMap(m -> {
            if (m.status != Status.REVOKED) {
                m.status = Status.REVOKED;
                m.revokedAt = request.now();
            }
            return save(m, "revoked", null);
        });
    }

    @WithSession
    public Uni<List<BindingView.Version>> history(String spaceId, String id) {
        return find(spaceId, id).flatMap(m -> history.versions(m.id, 0, MAX_HISTORY))
                .map(versions -> versions.stream().map(v -> new BindingView.Version(v.version(), v.verb(), v.state(),
                        v.changedBy(), v.changedAt())).toList());
    }

    /**
     * Writes version {@code version}'s anchor, expiry, conditions and status as a new version. 409 when that state
     * cannot hold now: an active binding whose expiry has passed, an anchor group that is gone.
     */
    @WithTransaction
    public Uni<BindingView> rollback(String spaceId, String id, JsonNode body) {
        JsonNode version = body == null ? null : body.get("version");
        if (version == null || !version.canConvertToInt() || version.asInt() < 1 || !version.isIntegralNumber()) {
            throw ApiException.validation("version", "must be a version number (1 or more)");
        }
        int target = version.asInt();
        return find(spaceId, id).flatMap(m -> history.versions(m.id, target, 1).flatMap(found -> {
            if (found.isEmpty()) {
                throw ApiException.notFound("binding_version", id + "@" + target);
            }
            Map<String, Object> state = found.get(0).state();
            Status status = Status.of((String) state.get("status"));
            Instant expires = Timestamps.parseOrNull((String) state.get("expires_at"));
            if (status == Status.ACTIVE && expires != null && !expires.isAfter(request.now())) {
                throw ApiException.conflict("binding", "version " + target + " expired at " + expires
                        + "; patch expires_at instead");
            }
            String anchor = (String) state.get("scope_anchor_group_id");
            return references.group(spaceId, "scope_anchor_group_id", anchor)
                    .onFailure(ApiException.class).transform(e -> ApiException.conflict("binding", "version " + target
                            + "'s anchor group " + anchor + " is no longer a group of this space"))
                    .flatMap(v -> {
                        m.scopeAnchorGroupId = anchor;
                        m.expiresAt = expires;
                        m.conditions = BindingHistoryRepository.conditions(state);
                        if (status != m.status) {
                            m.status = status;
                            m.revokedAt = status == Status.REVOKED ? request.now() : null;
                        }
                        return save(m, "rolled_back", target);
                    });
        }));
    }

    private Uni<BindingView> save(MemberRole m, String verb, Integer fromVersion) {
        m.updatedAt = request.now();
        m.version++;
        Mutation<BindingView> mutation = changed(m, verb);
        if (fromVersion != null) {
            mutation = mutation.with("from_version", fromVersion);
        }
        return writes.commit(bindings.flush().call(() -> history.record(m, verb, MemberRoleService.changedBy(request), m.updatedAt)),
                mutation);
    }

    private Uni<Void> checkColumnGroups(MemberRole m) {
        return checkColumnGroups(m.roleId, m.permissionId, m.conditions);
    }

    /** 400 naming {@code conditions.column_groups} when a group is not one of a resource type the grant covers. */
    private Uni<Void> checkColumnGroups(String roleId, String permissionId, String conditions) {
        List<String> groups = conditions == null ? null : ConditionParser.parse(JsonValues.plain(BindingView.tree(conditions))).columnGroups();
        if (groups == null) {
            return Uni.createFrom().voidItem();
        }
        return targets.unknownColumnGroups(roleId, permissionId, groups).invoke(unknown -> {
            if (!unknown.isEmpty()) {
                throw ApiException.validation("conditions.column_groups", "not a column group of a resource type this binding grants: "
                        + unknown);
            }
        }).replaceWithVoid();
    }

    private Uni<Void> checkSubject(MemberRole m) {
        if (MemberRole.SUBJECT_SERVICE.equals(m.subjectKind)) {
            return targets.serviceMemberInSpace(m.memberId, m.spaceId).invoke(found -> {
                if (!found) {
                    throw ApiException.validation("subject.id", "must be the member_id of a service of this space");
                }
            }).replaceWithVoid();
        }
        if (m.teamId != null) {
            return targets.teamInSpace(m.teamId, m.spaceId).invoke(found -> {
                if (!found) {
                    throw ApiException.validation("subject.id", "must be a team of this space");
                }
            }).replaceWithVoid();
        }
        return references.member(m.spaceId, "subject.id", m.memberId);
    }

    private Uni<Void> checkGrant(MemberRole m) {
        if (m.roleId != null) {
            return roles.bindableIn(m.spaceId, m.roleId).invoke(role -> {
                if (role == null) {
                    throw ApiException.validation("role_id", "must be a role of this space");
                }
            }).replaceWithVoid();
        }
        return targets.permissionResource(m.permissionId).invoke(resource -> {
            if (resource == null) {
                throw ApiException.validation("permission_id", "must be a permission");
            }
        }).replaceWithVoid();
    }

    private Uni<MemberRole> find(String spaceId, String id) {
        return references.space(spaceId).flatMap(v -> bindings.bindingInSpace(spaceId, id))
                .onItem().ifNull().failWith(() -> ApiException.notFound("binding", id));
    }

    /** Null (never expires) or a time after now. */
    private Instant future(Instant expiresAt) {
        if (expiresAt != null && !expiresAt.isAfter(request.now())) {
            throw ApiException.validation("expires_at", "must be in the future");
        }
        return expiresAt;
    }

    /** The conditions as stored (JSON text), validated by the engine's own parser; null or {} is none. */
    static String conditions(JsonNode json) {
        if (json == null || json.isNull() || (json.isObject() && json.isEmpty())) {
            return null;
        }
        try {
            ConditionParser.parse(JsonValues.plain(json));
        } catch (ConditionParser.InvalidCondition e) {
            String field = e.field().isEmpty() ? "conditions" : "conditions." + e.field();
            throw ApiException.validation(field, e.getMessage());
        }
        return json.toString();
    }

    private static Mutation<BindingView> changed(MemberRole m, String verb) {
        return new Mutation<>("binding", verb, m.id, m.spaceId, BindingView.of(m));
    }
}
