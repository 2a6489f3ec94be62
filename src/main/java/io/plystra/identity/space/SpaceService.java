package io.plystra.identity.space;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.plystra.audit.AuditedWrite;
import io.plystra.audit.Mutation;
import io.plystra.identity.organization.OrganizationRepository;
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

/**
 * Spaces. The route's permission is checked before these run ({@code @Requires} on {@link SpaceResource}). Putting a
 * space into an organization, or taking it out of one, also needs {@link #PLACE} for each organization it joins or
 * leaves: that organization's admins administer it.
 */
@ApplicationScoped
public class SpaceService {

    static final Set<String> PATCHABLE = Set.of("name", "slug", "type", "organization_id");
    static final String PLACE = "organizations:manage";
    private static final String SLUG = "[a-z0-9][a-z0-9-]{0,62}";

    @Inject
    SpaceRepository spaces;
    @Inject
    OrganizationRepository organizations;
    @Inject
    AuditedWrite writes;
    @Inject
    RequestContext request;

    @WithSession
    public Uni<Page<SpaceView>> list(PageRequest page, String status, String organizationId) {
        return spaces.page(page, request.onlySpaces(), status, organizationId)
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
        s.organizationId = body.organizationId();
        s.status = Status.ACTIVE;
        s.createdAt = request.now();
        s.updatedAt = s.createdAt;
        return place(null, s.organizationId).chain(() -> writes.commit(spaces.persistAndFlush(s), changed(s, "created")));
    }

    @WithTransaction
    public Uni<SpaceView> patch(String id, JsonPatch patch) {
        String organizationId = patch.has("organization_id") ? patch.text("organization_id", false) : null;
        return find(id).call(s -> patch.has("organization_id") ? place(s.organizationId, organizationId)
                : Uni.createFrom().voidItem()).flatMap(s -> {
            if (patch.has("organization_id")) {
                s.organizationId = organizationId;
            }
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

    /**
     * A space leaving organization {@code from} for {@code to} (either null: none): 403 unless the caller holds
     * {@link #PLACE} for each of them that is an organization, 400 when {@code to} names none.
     */
    private Uni<Void> place(String from, String to) {
        if (java.util.Objects.equals(from, to)) {
            return Uni.createFrom().voidItem();
        }
        var caller = request.caller();
        if (from != null) {
            caller.requireForOrganization(PLACE, from);
        }
        if (to == null) {
            return Uni.createFrom().voidItem();
        }
        caller.requireForOrganization(PLACE, to);
        return organizations.findById(to).invoke(o -> {
            if (o == null) {
                throw ApiException.validation("organization_id", "must be an existing organization");
            }
        }).replaceWithVoid();
    }

    private Uni<Space> find(String id) {
        return spaces.findById(id).onItem().ifNull().failWith(() -> ApiException.notFound("space", id));
    }

    private static Mutation<SpaceView> changed(Space s, String verb) {
        return new Mutation<>("space", verb, s.id, s.id, SpaceView.of(s));
    }
}
