package io.plystra.access.permission;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.plystra.audit.AuditedWrite;
import io.plystra.audit.Mutation;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.Ids;
import io.plystra.kernel.JsonPatch;
import io.plystra.kernel.Page;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.RequestContext;
import io.plystra.kernel.Status;
import io.plystra.registry.ResourceActionRepository;
import io.plystra.registry.ResourceTypeRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * The permission catalogue, rows of no space. The route's permission is checked before these run
 * ({@code @Requires} on {@link PermissionResource}: reading with a grant anywhere, changing with an
 * instance-level grant); no list narrows, the whole catalogue is readable.
 */
@ApplicationScoped
public class PermissionService {

    static final Set<String> PATCHABLE = Set.of("description");
    static final Set<String> IMMUTABLE = Set.of("id", "resource", "action", "scope", "status");

    @Inject
    PermissionRepository permissions;
    @Inject
    ResourceTypeRepository types;
    @Inject
    ResourceActionRepository actions;
    @Inject
    AuditedWrite writes;
    @Inject
    RequestContext request;

    @WithSession
    public Uni<Page<PermissionView>> list(PageRequest page, String resource, String action, String scope, String status) {
        return permissions.page(page, resource, action, scope, status)
                .map(rows -> Page.of(rows, page.limit(), p -> p.createdAt, p -> p.id, PermissionView::of));
    }

    @WithSession
    public Uni<PermissionView> get(String id) {
        return find(id).map(PermissionView::of);
    }

    @WithTransaction
    public Uni<PermissionView> create(PermissionCreate body) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (body == null || body.resource() == null || body.resource().isBlank()) {
            problems.put("resource", "is required");
        }
        if (body == null || body.action() == null || body.action().isBlank()) {
            problems.put("action", "is required");
        }
        if (body == null || !PermissionRepository.SCOPES.contains(body.scope())) {
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
        p.status = Status.ACTIVE;
        p.createdAt = request.now();
        p.updatedAt = p.createdAt;
        return registered(p.resource, p.action)
                .flatMap(v -> writes.commit(permissions.persistAndFlush(p), changed(p, "created")));
    }

    @WithTransaction
    public Uni<PermissionView> patch(String id, JsonPatch patch) {
        return find(id).flatMap(p -> {
            if (patch.has("description")) {
                p.description = patch.text("description", false);
            }
            return save(p, "updated");
        });
    }

    @WithTransaction
    public Uni<PermissionView> setStatus(String id, Status status, String verb) {
        return find(id).flatMap(p -> {
            p.status = status;
            return save(p, verb);
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

    private Uni<PermissionView> save(Permission p, String verb) {
        p.updatedAt = request.now();
        return writes.commit(permissions.flush(), changed(p, verb));
    }

    private Uni<Permission> find(String id) {
        return permissions.findById(id).onItem().ifNull().failWith(() -> ApiException.notFound("permission", id));
    }

    private static Mutation<PermissionView> changed(Permission p, String verb) {
        return new Mutation<>("permission", verb, p.id, null, PermissionView.of(p));
    }
}
