package io.plystra.registry.resource;

import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.plystra.audit.AuditedWrite;
import io.plystra.audit.Mutation;
import io.plystra.identity.ReferenceRepository;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.Ids;
import io.plystra.kernel.JsonPatch;
import io.plystra.kernel.Page;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.RequestContext;
import io.plystra.kernel.Status;
import io.plystra.registry.ResourceTypeRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Resources of a space. The route's permission is checked before these run ({@code @Requires} on
 * {@link ResourceResource}, in the space of the path); the lookup by type and id checks it in the
 * resource's own space.
 */
@ApplicationScoped
public class ResourceService {

    static final Set<String> PATCHABLE = Set.of("group_id", "owner_member_id", "display_name", "metadata");
    static final Set<String> IMMUTABLE = Set.of("id", "space_id", "resource_type", "status");
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    @Inject
    ResourceRepository resources;
    @Inject
    ResourceTypeRepository types;
    @Inject
    ReferenceRepository references;
    @Inject
    AuditedWrite writes;
    @Inject
    RequestContext request;
    @Inject
    ObjectMapper json;

    @WithSession
    public Uni<Page<ResourceView>> list(String spaceId, PageRequest page, ResourceFilter filter) {
        Uni<List<Resource>> rows = resources.page(spaceId, page, filter); // first: a bad filter is 400 even in a missing space
        return references.space(spaceId).flatMap(v -> rows)
                .map(found -> Page.of(found, page.limit(), r -> r.createdAt, r -> r.id, ResourceView::of));
    }

    @WithSession
    public Uni<ResourceView> get(String spaceId, String id) {
        return find(spaceId, id).map(ResourceView::of);
    }

    /**
     * By type and id, as a decision names it, among the spaces where the route's permission holds
     * (a resource elsewhere is 404 like an unknown one). Ids are unique per space: when several of
     * those spaces hold one, the caller names the space with the space route.
     */
    @WithSession
    public Uni<ResourceView> getByType(String resourceType, String id) {
        return resources.ofType(resourceType, id).map(found -> {
            List<Resource> visible = found.stream().filter(r -> request.holdsIn(r.spaceId)).toList();
            if (visible.isEmpty()) {
                throw ApiException.notFound("resource", id);
            }
            if (visible.size() > 1) {
                throw ApiException.validation("id", "names a resource in " + visible.size()
                        + " spaces; read it at /api/v1/spaces/{space_id}/resources/" + id);
            }
            return ResourceView.of(visible.get(0));
        });
    }

    @WithTransaction
    public Uni<ResourceView> create(String spaceId, ResourceCreate body) {
        if (body == null || body.resourceType() == null || body.resourceType().isBlank()) {
            throw ApiException.validation("resource_type", "is required");
        }
        Resource r = new Resource();
        r.id = Ids.givenOrNew(body.id(), "res");
        r.spaceId = spaceId;
        r.resourceType = body.resourceType();
        r.groupId = body.groupId();
        r.ownerMemberId = body.ownerMemberId();
        r.displayName = body.displayName();
        r.metadata = body.metadata() == null ? Map.of() : body.metadata();
        r.status = Status.ACTIVE;
        r.createdAt = request.now();
        r.updatedAt = r.createdAt;
        return references.space(spaceId)
                .flatMap(v -> types.byKey(r.resourceType))
                .invoke(type -> {
                    if (type == null || type.status != Status.ACTIVE) {
                        throw ApiException.validation("resource_type", "must be an active registered resource type");
                    }
                })
                .flatMap(type -> references.group(spaceId, "group_id", r.groupId))
                .flatMap(v -> references.member(spaceId, "owner_member_id", r.ownerMemberId))
                .flatMap(v -> writes.commit(resources.persistAndFlush(r), changed(r, "created")));
    }

    @WithTransaction
    public Uni<ResourceView> patch(String spaceId, String id, JsonPatch patch) {
        String groupId = patch.has("group_id") ? patch.text("group_id", false) : null;
        String ownerId = patch.has("owner_member_id") ? patch.text("owner_member_id", false) : null;
        String displayName = patch.has("display_name") ? patch.text("display_name", false) : null;
        Map<String, Object> metadata = patch.has("metadata") ? metadata(patch.node("metadata")) : null;
        return find(spaceId, id)
                .call(r -> references.group(spaceId, "group_id", groupId))
                .call(r -> references.member(spaceId, "owner_member_id", ownerId))
                .flatMap(r -> {
                    if (patch.has("group_id")) {
                        r.groupId = groupId;
                    }
                    if (patch.has("owner_member_id")) {
                        r.ownerMemberId = ownerId;
                    }
                    if (patch.has("display_name")) {
                        r.displayName = displayName;
                    }
                    if (metadata != null) {
                        r.metadata = metadata;
                    }
                    return save(r, "updated");
                });
    }

    @WithTransaction
    public Uni<ResourceView> setStatus(String spaceId, String id, Status status, String verb) {
        return find(spaceId, id).flatMap(r -> {
            r.status = status;
            return save(r, verb);
        });
    }

    private Map<String, Object> metadata(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw ApiException.validation("metadata", "must be a JSON object");
        }
        return json.convertValue(node, OBJECT);
    }

    private Uni<ResourceView> save(Resource r, String verb) {
        r.updatedAt = request.now();
        return writes.commit(resources.flush(), changed(r, verb));
    }

    private Uni<Resource> find(String spaceId, String id) {
        return resources.inSpace(spaceId, id).onItem().ifNull().failWith(() -> ApiException.notFound("resource", id));
    }

    private static Mutation<ResourceView> changed(Resource r, String verb) {
        return new Mutation<>("resource", verb, r.id, r.spaceId, ResourceView.of(r));
    }
}
