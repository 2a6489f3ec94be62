package io.plystra.identity.space;

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
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** Spaces. The route's permission is checked before these run ({@code @Requires} on {@link SpaceResource}). */
@ApplicationScoped
public class SpaceService {

    static final Set<String> PATCHABLE = Set.of("name", "slug", "type");
    private static final String SLUG = "[a-z0-9][a-z0-9-]{0,62}";

    @Inject
    SpaceRepository spaces;
    @Inject
    AuditedWrite writes;
    @Inject
    RequestContext request;

    @WithSession
    public Uni<Page<SpaceView>> list(PageRequest page, String status) {
        return spaces.page(page, request.onlySpaces(), status)
                .map(rows -> Page.of(rows, page.limit(), s -> s.createdAt, s -> s.id, SpaceView::of));
    }

    @WithSession
    public Uni<SpaceView> get(String id) {
        return find(id).map(SpaceView::of);
    }

    @WithTransaction
    public Uni<SpaceView> create(SpaceCreate body) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (body == null || body.name() == null || body.name().isBlank()) {
            problems.put("name", "is required");
        }
        if (body != null && body.slug() != null && !body.slug().matches(SLUG)) {
            problems.put("slug", "must match " + SLUG);
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        Space s = new Space();
        s.id = Ids.givenOrNew(body.id(), "space");
        s.name = body.name().trim();
        s.slug = body.slug();
        s.type = body.type() == null || body.type().isBlank() ? "organization" : body.type();
        s.status = Status.ACTIVE;
        s.createdAt = request.now();
        s.updatedAt = s.createdAt;
        return writes.commit(spaces.persistAndFlush(s), changed(s, "created"));
    }

    @WithTransaction
    public Uni<SpaceView> patch(String id, JsonPatch patch) {
        return find(id).flatMap(s -> {
            if (patch.has("name")) {
                String name = patch.text("name", true);
                if (name.isBlank()) {
                    throw ApiException.validation("name", "must not be blank");
                }
                s.name = name.trim();
            }
            if (patch.has("slug")) {
                String slug = patch.text("slug", false);
                if (slug != null && !slug.matches(SLUG)) {
                    throw ApiException.validation("slug", "must match " + SLUG);
                }
                s.slug = slug;
            }
            if (patch.has("type")) {
                s.type = patch.text("type", true);
            }
            s.updatedAt = request.now();
            return writes.commit(spaces.flush(), changed(s, "updated"));
        });
    }

    @WithTransaction
    public Uni<SpaceView> setStatus(String id, Status status, String verb) {
        return find(id).flatMap(s -> {
            s.status = status;
            s.updatedAt = request.now();
            return writes.commit(spaces.flush(), changed(s, verb));
        });
    }

    private Uni<Space> find(String id) {
        return spaces.findById(id).onItem().ifNull().failWith(() -> ApiException.notFound("space", id));
    }

    private static Mutation<SpaceView> changed(Space s, String verb) {
        return new Mutation<>("space", verb, s.id, s.id, SpaceView.of(s));
    }
}
