package io.plystra.identity.space;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.audit.MutationAudit;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.DatabaseErrors;
import io.plystra.kernel.Ids;
import io.plystra.kernel.JsonPatch;
import io.plystra.kernel.Page;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.RequestInfo;
import io.plystra.kernel.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class SpaceService {

    static final Set<String> PATCHABLE = Set.of("name", "slug", "type");

    private final SpaceRepository spaces;
    private final MutationAudit audit;

    public SpaceService(SpaceRepository spaces, MutationAudit audit) {
        this.spaces = spaces;
        this.audit = audit;
    }

    @WithSession
    public Uni<Page<SpaceView>> list(Caller caller, PageRequest page, String status) {
        Set<String> only = caller.instanceWide("spaces:read") ? null : caller.spacesWith("spaces:read");
        return spaces.page(page, only, status)
                .map(rows -> Page.of(rows, page.limit(), s -> s.createdAt, s -> s.id, SpaceView::of));
    }

    @WithSession
    public Uni<SpaceView> get(Caller caller, String id) {
        caller.require("spaces:read", id);
        return find(id).map(SpaceView::of);
    }

    @WithTransaction
    public Uni<SpaceView> create(Caller caller, RequestInfo request, SpaceCreate body) {
        caller.require("spaces:manage", null);
        Map<String, String> problems = new LinkedHashMap<>();
        if (body == null || body.name() == null || body.name().isBlank()) {
            problems.put("name", "is required");
        }
        if (body != null && body.slug() != null && !body.slug().matches("[a-z0-9][a-z0-9-]{0,62}")) {
            problems.put("slug", "must match [a-z0-9][a-z0-9-]{0,62}");
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        Space s = new Space();
        s.id = Ids.givenOrNew(body.id(), "space");
        s.name = body.name().trim();
        s.slug = body.slug();
        s.type = body.type() == null || body.type().isBlank() ? "organization" : body.type();
        s.status = "active";
        s.createdAt = now();
        s.updatedAt = s.createdAt;
        return spaces.persistAndFlush(s)
                .onFailure(DatabaseErrors::uniqueViolation)
                .transform(e -> new ApiException(409, "SPACE_CONFLICT", "a space with this id or slug exists", null))
                .flatMap(saved -> audit.record(caller, request, "space", "created", s.id, s.id, SpaceView.of(s)))
                .replaceWith(() -> SpaceView.of(s));
    }

    @WithTransaction
    public Uni<SpaceView> patch(Caller caller, RequestInfo request, String id, JsonPatch patch) {
        caller.require("spaces:manage", id);
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
                if (slug != null && !slug.matches("[a-z0-9][a-z0-9-]{0,62}")) {
                    throw ApiException.validation("slug", "must match [a-z0-9][a-z0-9-]{0,62}");
                }
                s.slug = slug;
            }
            if (patch.has("type")) {
                s.type = patch.text("type", true);
            }
            s.updatedAt = now();
            return spaces.flush()
                    .onFailure(DatabaseErrors::uniqueViolation)
                    .transform(e -> new ApiException(409, "SPACE_CONFLICT", "a space with this slug exists", null))
                    .flatMap(v -> audit.record(caller, request, "space", "updated", s.id, s.id, SpaceView.of(s)))
                    .replaceWith(() -> SpaceView.of(s));
        });
    }

    @WithTransaction
    public Uni<SpaceView> setStatus(Caller caller, RequestInfo request, String id, String status, String verb) {
        caller.require("spaces:manage", id);
        return find(id).flatMap(s -> {
            s.status = status;
            s.updatedAt = now();
            return spaces.flush()
                    .flatMap(v -> audit.record(caller, request, "space", verb, s.id, s.id, SpaceView.of(s)))
                    .replaceWith(() -> SpaceView.of(s));
        });
    }

    private Uni<Space> find(String id) {
        return spaces.findById(id).onItem().ifNull().failWith(() -> ApiException.notFound("space", id));
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
