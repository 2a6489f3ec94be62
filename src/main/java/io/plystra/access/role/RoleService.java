package io.plystra.access.role;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.plystra.audit.AuditedWrite;
import io.plystra.audit.Mutation;
import io.plystra.identity.ReferenceRepository;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.Ids;
import io.plystra.kernel.JsonPatch;
import io.plystra.kernel.Keys;
import io.plystra.kernel.Page;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.RequestContext;
import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** Roles of a space. The route's permission in that space is checked before these run ({@code @Requires} on {@link RoleResource}). */
@ApplicationScoped
public class RoleService {

    static final Set<String> PATCHABLE = Set.of("name", "description");
    static final Set<String> IMMUTABLE = Set.of("id", "space_id", "key", "status");

    @Inject
    RoleRepository roles;
    @Inject
    ReferenceRepository references;
    @Inject
    AuditedWrite writes;
    @Inject
    RequestContext request;

    @WithSession
    public Uni<Page<RoleView>> list(String spaceId, PageRequest page, String status) {
        Uni<List<Role>> rows = roles.page(spaceId, page, status); // first: a bad filter is 400 even in a missing space
        return references.space(spaceId).flatMap(v -> rows)
                .map(found -> Page.of(found, page.limit(), r -> r.createdAt, r -> r.id, RoleView::of));
    }

    @WithSession
    public Uni<RoleView> get(String spaceId, String id) {
        return find(spaceId, id).map(RoleView::of);
    }

    @WithTransaction
    public Uni<RoleView> create(String spaceId, RoleCreate body) {
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
        r.status = Status.ACTIVE;
        r.createdAt = request.now();
        r.updatedAt = r.createdAt;
        return references.space(spaceId).flatMap(v -> writes.commit(roles.persistAndFlush(r), changed(r, "created")));
    }

    @WithTransaction
    public Uni<RoleView> patch(String spaceId, String id, JsonPatch patch) {
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
            return save(r, "updated");
        });
    }

    @WithTransaction
    public Uni<RoleView> setStatus(String spaceId, String id, Status status, String verb) {
        return find(spaceId, id).flatMap(r -> {
            r.status = status;
            return save(r, verb);
        });
    }

    private Uni<RoleView> save(Role r, String verb) {
        r.updatedAt = request.now();
        return writes.commit(roles.flush(), changed(r, verb));
    }

    private Uni<Role> find(String spaceId, String id) {
        return roles.inSpace(spaceId, id).onItem().ifNull().failWith(() -> ApiException.notFound("role", id));
    }

    private static Mutation<RoleView> changed(Role r, String verb) {
        return new Mutation<>("role", verb, r.id, r.spaceId, RoleView.of(r));
    }
}
