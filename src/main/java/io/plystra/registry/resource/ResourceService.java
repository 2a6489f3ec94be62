package io.plystra.registry.resource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.plystra.identity.ReferenceRepository;
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
import io.plystra.registry.ResourceTypeRepository;
import io.plystra.kernel.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ResourceService {

    static final Set<String> PATCHABLE = Set.of("group_id", "owner_member_id", "display_name", "metadata");
    static final Set<String> IMMUTABLE = Set.of("id", "space_id", "resource_type", "status");
    static final Set<String> STATUSES = Set.of("active", "archived");
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final ResourceRepository resources;
    private final ResourceTypeRepository types;
    private final ReferenceRepository references;
    private final MutationAudit audit;
    private final ObjectMapper json;

    public ResourceService(ResourceRepository resources, ResourceTypeRepository types, ReferenceRepository references,
                           MutationAudit audit, ObjectMapper json) {
        this.resources = resources;
        this.types = types;
        this.references = references;
        this.audit = audit;
        this.json = json;
    }

    @WithSession
    public Uni<Page<ResourceView>> list(Caller caller, String spaceId, PageRequest page, String resourceType,
                                        String groupId, String ownerMemberId, String status) {
        caller.require("resources:read", spaceId);
        KeysetQuery query = KeysetQuery.after(page).eq("spaceId", spaceId).eq("resourceType", resourceType)
                .eq("groupId", groupId).eq("ownerMemberId", ownerMemberId).oneOf("status", "status", status, STATUSES);
        return references.space(spaceId).flatMap(v -> query.list(resources))
                .map(rows -> Page.of(rows, page.limit(), r -> r.createdAt, r -> r.id, ResourceView::of));
    }

    @WithSession
    public Uni<ResourceView> get(Caller caller, String spaceId, String id) {
        caller.require("resources:read", spaceId);
        return find(spaceId, id).map(ResourceView::of);
    }

    /** By type and id, as a decision names it; the caller needs {@code resources:read} in the resource's space. */
    @WithSession
    public Uni<ResourceView> getByType(Caller caller, String resourceType, String id) {
        return resources.ofType(resourceType, id).onItem().ifNull().failWith(() -> ApiException.notFound("resource", id))
                .map(r -> {
                    caller.require("resources:read", r.spaceId);
                    return ResourceView.of(r);
                });
    }

    @WithTransaction
    public Uni<ResourceView> create(Caller caller, RequestInfo request, String spaceId, ResourceCreate body) {
        caller.require("resources:manage", spaceId);
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
        r.status = "active";
        r.createdAt = DbTime.now();
        r.updatedAt = r.createdAt;
        return references.space(spaceId)
                .flatMap(v -> types.byKey(r.resourceType))
                .invoke(type -> {
                    if (type == null || !"active".equals(type.status)) {
                        throw ApiException.validation("resource_type", "must be an active registered resource type");
                    }
                })
                .flatMap(type -> references.group(spaceId, "group_id", r.groupId))
                .flatMap(v -> references.member(spaceId, "owner_member_id", r.ownerMemberId))
                .flatMap(v -> resources.persistAndFlush(r))
                .onFailure(DatabaseErrors::uniqueViolation)
                .transform(e -> ApiException.conflict("resource", "a resource with this id exists"))
                .flatMap(saved -> audit.record(caller, request, "resource", "created", r.id, spaceId, ResourceView.of(r)))
                .replaceWith(() -> ResourceView.of(r));
    }

    @WithTransaction
    public Uni<ResourceView> patch(Caller caller, RequestInfo request, String spaceId, String id, JsonPatch patch) {
        caller.require("resources:manage", spaceId);
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
                    return save(caller, request, r, "updated");
                });
    }

    @WithTransaction
    public Uni<ResourceView> setStatus(Caller caller, RequestInfo request, String spaceId, String id, String status,
                                       String verb) {
        caller.require("resources:manage", spaceId);
        return find(spaceId, id).flatMap(r -> {
            r.status = status;
            return save(caller, request, r, verb);
        });
    }

    private Map<String, Object> metadata(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw ApiException.validation("metadata", "must be a JSON object");
        }
        return json.convertValue(node, OBJECT);
    }

    private Uni<ResourceView> save(Caller caller, RequestInfo request, Resource r, String verb) {
        r.updatedAt = DbTime.now();
        return resources.flush()
                .flatMap(v -> audit.record(caller, request, "resource", verb, r.id, r.spaceId, ResourceView.of(r)))
                .replaceWith(() -> ResourceView.of(r));
    }

    private Uni<Resource> find(String spaceId, String id) {
        return resources.inSpace(spaceId, id).onItem().ifNull().failWith(() -> ApiException.notFound("resource", id));
    }
}
