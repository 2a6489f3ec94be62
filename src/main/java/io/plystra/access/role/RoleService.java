package io.plystra.access.role;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.identity.ReferenceRepository;
import io.plystra.audit.MutationAudit;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.DatabaseErrors;
import io.plystra.kernel.DbTime;
import io.plystra.kernel.Ids;
import io.plystra.kernel.JsonPatch;
import io.plystra.kernel.Keys;
import io.plystra.kernel.KeysetQuery;
import io.plystra.kernel.Page;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.RequestInfo;
import io.plystra.kernel.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class RoleService {

    static final Set<String> PATCHABLE = Set.of("name", "description");
    static final Set<String> IMMUTABLE = Set.of("id", "space_id", "key", "status");
    static final Set<String> STATUSES = Set.of("active", "disabled");

    private final RoleRepository roles;
    private final ReferenceRepository references;
    private final MutationAudit audit;

    public RoleService(RoleRepository roles, ReferenceRepository references, MutationAudit audit) {
        this.roles = roles;
        this.references = references;
        this.audit = audit;
    }

    @WithSession
    public Uni<Page<RoleView>> list(Caller caller, String spaceId, PageRequest page, String status) {
        caller.require("roles:read", spaceId);
        KeysetQuery query = KeysetQuery.after(page).eq("spaceId", spaceId).oneOf("status", "status", status, STATUSES);
        return references.space(spaceId).flatMap(v -> query.list(roles))
                .map(rows -> Page.of(rows, page.limit(), r -> r.createdAt, r -> r.id, RoleView::of));
    }

    @WithSession
    public Uni<RoleView> get(Caller caller, String spaceId, String id) {
        caller.require("roles:read", spaceId);
        return find(spaceId, id).map(RoleView::of);
    }

    @WithTransaction
    public Uni<RoleView> create(Caller caller, RequestInfo request, String spaceId, RoleCreate body) {
        caller.require("roles:manage", spaceId);
        Map<String, String> problems = new LinkedHashMap<>();
        if (body == null || !Keys.valid(body.key())) {
            problems.put("key", Keys.RULE);
        }
        if (body == null || body.name() == null || body.name().isBlank()) {
            problems.put("name", "is required");
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        Role r = new Role();
        r.id = Ids.givenOrNew(body.id(), "role");
        r.spaceId = spaceId;
        r.key = body.key();
        r.name = body.name().trim();
        r.description = body.description();
        r.status = "active";
        r.createdAt = DbTime.now();
        r.updatedAt = r.createdAt;
        return references.space(spaceId)
                .flatMap(v -> roles.persistAndFlush(r))
                .onFailure(DatabaseErrors::uniqueViolation).transform(e -> conflict())
                .flatMap(saved -> audit.record(caller, request, "role", "created", r.id, spaceId, RoleView.of(r)))
                .replaceWith(() -> RoleView.of(r));
    }

    @WithTransaction
    public Uni<RoleView> patch(Caller caller, RequestInfo request, String spaceId, String id, JsonPatch patch) {
        caller.require("roles:manage", spaceId);
        return find(spaceId, id).flatMap(r -> {
            if (patch.has("name")) {
                String name = patch.text("name", true);
                if (name.isBlank()) {
                    throw ApiException.validation("name", "must not be blank");
                }
                r.name = name.trim();
            }
            if (patch.has("description")) {
                r.description = patch.text("description", false);
            }
            return save(caller, request, r, "updated");
        });
    }

    @WithTransaction
    public Uni<RoleView> setStatus(Caller caller, RequestInfo request, String spaceId, String id, String status, String verb) {
        caller.require("roles:manage", spaceId);
        return find(spaceId, id).flatMap(r -> {
            r.status = status;
            return save(caller, request, r, verb);
        });
    }

    private Uni<RoleView> save(Caller caller, RequestInfo request, Role r, String verb) {
        r.updatedAt = DbTime.now();
        return roles.flush()
                .flatMap(v -> audit.record(caller, request, "role", verb, r.id, r.spaceId, RoleView.of(r)))
                .replaceWith(() -> RoleView.of(r));
    }

    private Uni<Role> find(String spaceId, String id) {
        return roles.inSpace(spaceId, id).onItem().ifNull().failWith(() -> ApiException.notFound("role", id));
    }

    private static ApiException conflict() {
        return ApiException.conflict("role", "a role with this id or key exists in this space");
    }
}
