package io.plystra.access.permission;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

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
import io.plystra.registry.ResourceActionRepository;
import io.plystra.registry.ResourceTypeRepository;
import io.plystra.kernel.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Permissions are an instance-wide catalogue: reading needs {@code permissions:read} at any level
 * (a space admin picks from it for its roles), changing needs an instance-level {@code permissions:manage}.
 */
@ApplicationScoped
public class PermissionService {

    static final Set<String> PATCHABLE = Set.of("description");
    static final Set<String> IMMUTABLE = Set.of("id", "resource", "action", "scope", "status");
    static final Set<String> STATUSES = Set.of("active", "disabled");
    static final Set<String> SCOPES = Set.of("self", "group", "group_tree", "space", "global");

    private final PermissionRepository permissions;
    private final ResourceTypeRepository types;
    private final ResourceActionRepository actions;
    private final MutationAudit audit;

    public PermissionService(PermissionRepository permissions, ResourceTypeRepository types,
                             ResourceActionRepository actions, MutationAudit audit) {
        this.permissions = permissions;
        this.types = types;
        this.actions = actions;
        this.audit = audit;
    }

    @WithSession
    public Uni<Page<PermissionView>> list(Caller caller, PageRequest page, String resource, String action, String scope,
                                          String status) {
        requireRead(caller);
        return KeysetQuery.after(page).eq("resource", resource).eq("action", action)
                .oneOf("scope", "scope", scope, SCOPES).oneOf("status", "status", status, STATUSES)
                .list(permissions)
                .map(rows -> Page.of(rows, page.limit(), p -> p.createdAt, p -> p.id, PermissionView::of));
    }

    @WithSession
    public Uni<PermissionView> get(Caller caller, String id) {
        requireRead(caller);
        return find(id).map(PermissionView::of);
    }

    @WithTransaction
    public Uni<PermissionView> create(Caller caller, RequestInfo request, PermissionCreate body) {
        caller.require("permissions:manage", null);
        Map<String, String> problems = new LinkedHashMap<>();
        if (body == null || body.resource() == null || body.resource().isBlank()) {
            problems.put("resource", "is required");
        }
        if (body == null || body.action() == null || body.action().isBlank()) {
            problems.put("action", "is required");
        }
        if (body == null || !SCOPES.contains(body.scope())) {
            problems.put("scope", "must be one of [global, group, group_tree, self, space]");
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        Permission p = new Permission();
        p.id = Ids.givenOrNew(body.id(), "perm");
        p.resource = body.resource();
        p.action = body.action();
        p.scope = body.scope();
        p.description = body.description();
        p.status = "active";
        p.createdAt = DbTime.now();
        p.updatedAt = p.createdAt;
        return registered(p.resource, p.action)
                .flatMap(v -> permissions.persistAndFlush(p))
                .onFailure(DatabaseErrors::uniqueViolation)
                .transform(e -> ApiException.conflict("permission", "a permission with this id or resource, action and scope exists"))
                .flatMap(saved -> audit.record(caller, request, "permission", "created", p.id, null, PermissionView.of(p)))
                .replaceWith(() -> PermissionView.of(p));
    }

    @WithTransaction
    public Uni<PermissionView> patch(Caller caller, RequestInfo request, String id, JsonPatch patch) {
        caller.require("permissions:manage", null);
        return find(id).flatMap(p -> {
            if (patch.has("description")) {
                p.description = patch.text("description", false);
            }
            return save(caller, request, p, "updated");
        });
    }

    @WithTransaction
    public Uni<PermissionView> setStatus(Caller caller, RequestInfo request, String id, String status, String verb) {
        caller.require("permissions:manage", null);
        return find(id).flatMap(p -> {
            p.status = status;
            return save(caller, request, p, verb);
        });
    }

    /** 400 naming {@code resource} unless it is a registered type, {@code action} unless registered for it. */
    private Uni<Void> registered(String resource, String action) {
        return types.byKey(resource).flatMap(type -> {
            if (type == null) {
                throw ApiException.validation("resource", "must be a registered resource type");
            }
            return actions.byKey(type.id, action);
        }).invoke(found -> {
            if (found == null) {
                throw ApiException.validation("action", "must be an action registered for " + resource);
            }
        }).replaceWithVoid();
    }

    private Uni<PermissionView> save(Caller caller, RequestInfo request, Permission p, String verb) {
        p.updatedAt = DbTime.now();
        return permissions.flush()
                .flatMap(v -> audit.record(caller, request, "permission", verb, p.id, null, PermissionView.of(p)))
                .replaceWith(() -> PermissionView.of(p));
    }

    private Uni<Permission> find(String id) {
        return permissions.findById(id).onItem().ifNull().failWith(() -> ApiException.notFound("permission", id));
    }

    private static void requireRead(Caller caller) {
        if (!caller.holdsAnywhere("permissions:read")) {
            throw ApiException.adminPermissionRequired("permissions:read");
        }
    }
}
