package io.plystra.identity.organization;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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

/**
 * The organization tree. The gate ({@code @Requires} on {@link OrganizationResource}) lets in the route's
 * {@code organizations:*} permission held anywhere; here it must hold for the organization itself (instance-wide,
 * or through an organization grant of it or an ancestor), else the organization is 404 as if unknown. A root
 * organization is created, and an organization made a root, by an instance grant only; a child needs the permission
 * for its parent. Every change of the tree's shape takes the tree's lock, then refuses a cycle or a 17th level (409).
 */
@ApplicationScoped
public class OrganizationService {

    static final Set<String> PATCHABLE = Set.of("name", "parent_id", "metadata");
    static final Set<String> IMMUTABLE = Set.of("id", "status", "created_at", "updated_at");
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    @Inject
    OrganizationRepository organizations;
    @Inject
    AuditedWrite writes;
    @Inject
    RequestContext request;
    @Inject
    ObjectMapper json;

    @WithSession
    public Uni<Page<OrganizationView>> list(PageRequest page, String status, String parentId) {
        return organizations.page(page, request.onlyOrganizations(), status, parentId)
                .map(rows -> Page.of(rows, page.limit(), o -> o.createdAt, o -> o.id, OrganizationView::of));
    }

    @WithSession
    public Uni<OrganizationView> get(String id) {
        return visible(id).map(OrganizationView::of);
    }

    @WithTransaction
    public Uni<OrganizationView> create(OrganizationCreate body) {
        if (body == null || body.name() == null || body.name().isBlank()) {
            throw ApiException.validation("name", "is required");
        }
        Organization o = new Organization();
        o.id = Ids.givenOrNew(body.id(), "org");
        o.name = body.name().trim();
        o.parentId = body.parentId();
        o.metadata = body.metadata() == null ? Map.of() : body.metadata();
        o.status = Status.ACTIVE;
        o.createdAt = request.now();
        o.updatedAt = o.createdAt;
        requireToPlaceUnder(o.parentId);
        Uni<Void> placed = o.parentId == null ? Uni.createFrom().voidItem()
                : organizations.lockTree().chain(() -> place(o.id, o.parentId, 1));
        return placed.chain(() -> writes.commit(organizations.persistAndFlush(o), changed(o, "created")));
    }

    @WithTransaction
    public Uni<OrganizationView> patch(String id, JsonPatch patch) {
        String name = patch.has("name") ? patch.text("name", true) : null;
        if (name != null && name.isBlank()) {
            throw ApiException.validation("name", "must not be blank");
        }
        Map<String, Object> metadata = patch.has("metadata") ? metadata(patch.node("metadata")) : null;
        String parentId = patch.has("parent_id") ? patch.text("parent_id", false) : null;
        if (id.equals(parentId)) {
            throw ApiException.validation("parent_id", "must name another organization: an organization cannot be its own parent");
        }
        return visible(id).flatMap(o -> {
            boolean moves = patch.has("parent_id") && !Objects.equals(parentId, o.parentId);
            Uni<Void> placed = Uni.createFrom().voidItem();
            if (moves) {
                requireToPlaceUnder(parentId);
                placed = organizations.lockTree().chain(() -> parentId == null ? Uni.createFrom().voidItem()
                        : organizations.height(o.id).flatMap(height -> place(o.id, parentId, height)));
            }
            return placed.flatMap(v -> {
                if (moves) {
                    o.parentId = parentId;
                }
                if (name != null) {
                    o.name = name.trim();
                }
                if (metadata != null) {
                    o.metadata = metadata;
                }
                o.updatedAt = request.now();
                Mutation<OrganizationView> mutation = changed(o, "updated");
                return writes.commit(organizations.flush(), moves ? mutation.with("moved", true) : mutation);
            });
        });
    }

    @WithTransaction
    public Uni<OrganizationView> setStatus(String id, Status status, String verb) {
        return visible(id).flatMap(o -> {
            o.status = status;
            o.updatedAt = request.now();
            return writes.commit(organizations.flush(), changed(o, verb));
        });
    }

    /** 409 while anything still names the organization: a child organization, a space, a role or an admin grant. */
    @WithTransaction
    public Uni<OrganizationView> delete(String id) {
        return visible(id).call(o -> organizations.lockTree()).flatMap(o -> organizations.inUse(id).flatMap(inUse -> {
            if (!inUse.isEmpty()) {
                throw ApiException.conflict("organization", "organization " + id + " still has " + String.join(", ", inUse)
                        + "; move or delete them first", Map.of("in_use", inUse));
            }
            return writes.commit(organizations.delete(o).call(organizations::flush), changed(o, "deleted"));
        }));
    }

    /**
     * Under the tree's lock, before anything is written: 400 when the parent does not exist, 409 when organization
     * {@code id} would sit below itself or its subtree ({@code height} levels, itself included) would reach deeper than
     * {@link Organization#MAX_DEPTH}.
     */
    private Uni<Void> place(String id, String parentId, int height) {
        return organizations.chain(parentId).invoke(chain -> {
            if (chain.isEmpty()) {
                throw ApiException.validation("parent_id", "must be an existing organization");
            }
            if (chain.contains(id)) {
                throw ApiException.conflict("organization", "organization " + parentId + " is below " + id
                        + ": the move would make a cycle");
            }
            if (chain.size() + height > Organization.MAX_DEPTH) {
                throw ApiException.conflict("organization", "the tree would be " + (chain.size() + height)
                        + " levels deep; at most " + Organization.MAX_DEPTH + " are allowed");
            }
        }).replaceWithVoid();
    }

    /** 403 unless the route's permission holds where the organization goes: for its parent, or instance-wide for a root. */
    private void requireToPlaceUnder(String parentId) {
        if (parentId == null) {
            request.requireIn(null);
        } else {
            request.requireForOrganization(parentId);
        }
    }

    private Map<String, Object> metadata(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw ApiException.validation("metadata", "must be a JSON object");
        }
        return json.convertValue(node, OBJECT);
    }

    /** 404 unless the organization exists and the route's permission holds for it (for the routes of its attributes). */
    public Uni<Void> requireVisible(String id) {
        return visible(id).replaceWithVoid();
    }

    /** The organization, if the route's permission holds for it; one out of reach is as unknown (404). */
    private Uni<Organization> visible(String id) {
        return organizations.findById(id).onItem().ifNull().failWith(() -> ApiException.notFound("organization", id))
                .invoke(o -> request.requireVisibleInOrganization(o.id, "organization", id));
    }

    private static Mutation<OrganizationView> changed(Organization o, String verb) {
        return new Mutation<>("organization", verb, o.id, null, OrganizationView.of(o));
    }
}
