package io.plystra.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.audit.MutationAudit;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.DatabaseErrors;
import io.plystra.kernel.DbTime;
import io.plystra.kernel.Ids;
import io.plystra.kernel.Keys;
import io.plystra.kernel.KeysetQuery;
import io.plystra.kernel.Page;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.RequestInfo;
import io.plystra.kernel.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * The resource registry: types, their actions and their storage mapping. It is instance-wide: reading
 * needs {@code registry:read} at any level (it holds no tenant data), changing needs an instance-level
 * {@code registry:manage}. Upserts go by key; a new type or action takes part in decisions at once.
 */
@ApplicationScoped
public class RegistryService {

    static final Set<String> STATUSES = Set.of("active", "disabled");
    static final Set<String> RISK_LEVELS = Set.of("low", "normal", "high", "critical");
    static final Set<String> STORAGE_KINDS = Set.of("internal_table");

    private final ResourceTypeRepository types;
    private final ResourceActionRepository actions;
    private final ResourceMappingRepository mappings;
    private final MutationAudit audit;

    public RegistryService(ResourceTypeRepository types, ResourceActionRepository actions,
                           ResourceMappingRepository mappings, MutationAudit audit) {
        this.types = types;
        this.actions = actions;
        this.mappings = mappings;
        this.audit = audit;
    }

    @WithSession
    public Uni<Page<ResourceTypeView>> listTypes(Caller caller, PageRequest page, String status) {
        requireRead(caller);
        return KeysetQuery.after(page).oneOf("status", "status", status, STATUSES).list(types)
                .map(rows -> Page.of(rows, page.limit(), t -> t.createdAt, t -> t.id, ResourceTypeView::of));
    }

    @WithSession
    public Uni<ResourceTypeView> getType(Caller caller, String key) {
        requireRead(caller);
        return find(key).map(ResourceTypeView::of);
    }

    @WithTransaction
    public Uni<Upserted<ResourceTypeView>> upsertType(Caller caller, RequestInfo request, ResourceTypeUpsert body) {
        caller.require("registry:manage", null);
        Map<String, String> problems = new LinkedHashMap<>();
        if (body == null || !Keys.valid(body.key())) {
            problems.put("key", Keys.RULE);
        }
        requireName(body == null ? null : body.displayName(), problems);
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        return types.byKey(body.key()).flatMap(existing -> {
            ResourceType t = existing != null ? existing : new ResourceType();
            boolean created = existing == null;
            if (created) {
                t.id = Ids.generate("rt");
                t.key = body.key();
                t.status = "active";
                t.createdAt = DbTime.now();
            }
            t.displayName = body.displayName().trim();
            t.description = body.description();
            t.updatedAt = DbTime.now();
            return (created ? types.persistAndFlush(t).replaceWithVoid() : types.flush())
                    .onFailure(DatabaseErrors::uniqueViolation)
                    .transform(e -> ApiException.conflict("resource_type", "this type was registered concurrently; retry"))
                    .flatMap(v -> audit.record(caller, request, "resource_type", created ? "created" : "updated", t.id, null,
                            ResourceTypeView.of(t)))
                    .replaceWith(() -> new Upserted<>(ResourceTypeView.of(t), created));
        });
    }

    @WithSession
    public Uni<Page<ResourceActionView>> listActions(Caller caller, String key, PageRequest page, String status) {
        requireRead(caller);
        KeysetQuery query = KeysetQuery.after(page).oneOf("status", "status", status, STATUSES);
        return find(key).flatMap(type -> query.eq("resourceTypeId", type.id).list(actions)
                .map(rows -> Page.of(rows, page.limit(), a -> a.createdAt, a -> a.id, a -> ResourceActionView.of(type, a))));
    }

    @WithTransaction
    public Uni<Upserted<ResourceActionView>> upsertAction(Caller caller, RequestInfo request, String key,
                                                          ResourceActionUpsert body) {
        caller.require("registry:manage", null);
        Map<String, String> problems = new LinkedHashMap<>();
        if (body == null || !Keys.valid(body.key())) {
            problems.put("key", Keys.RULE);
        }
        requireName(body == null ? null : body.displayName(), problems);
        if (body != null && body.riskLevel() != null && !RISK_LEVELS.contains(body.riskLevel())) {
            problems.put("risk_level", "must be one of [critical, high, low, normal]");
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        return find(key).flatMap(type -> actions.byKey(type.id, body.key()).flatMap(existing -> {
            ResourceAction a = existing != null ? existing : new ResourceAction();
            boolean created = existing == null;
            if (created) {
                a.id = Ids.generate("ra");
                a.resourceTypeId = type.id;
                a.key = body.key();
                a.status = "active";
                a.createdAt = DbTime.now();
            }
            a.displayName = body.displayName().trim();
            a.riskLevel = body.riskLevel() == null ? "normal" : body.riskLevel();
            a.auditDefault = body.auditDefault() == null || body.auditDefault();
            a.updatedAt = DbTime.now();
            return (created ? actions.persistAndFlush(a).replaceWithVoid() : actions.flush())
                    .onFailure(DatabaseErrors::uniqueViolation)
                    .transform(e -> ApiException.conflict("resource_action", "this action was registered concurrently; retry"))
                    .flatMap(v -> audit.record(caller, request, "resource_action", created ? "created" : "updated", a.id, null,
                            ResourceActionView.of(type, a)))
                    .replaceWith(() -> new Upserted<>(ResourceActionView.of(type, a), created));
        }));
    }

    @WithSession
    public Uni<ResourceMappingView> getMapping(Caller caller, String key) {
        requireRead(caller);
        return find(key).flatMap(type -> mappings.findById(type.id).map(stored -> stored == null
                ? ResourceMappingView.of(type, ResourceMapping.standard(type.id), true)
                : ResourceMappingView.of(type, stored, false)));
    }

    @WithTransaction
    public Uni<ResourceMappingView> putMapping(Caller caller, RequestInfo request, String key, ResourceMappingPut body) {
        caller.require("registry:manage", null);
        ResourceMapping wanted = mappingOf(body);
        return find(key).flatMap(type -> mappings.findById(type.id).flatMap(existing -> {
            ResourceMapping m = existing != null ? existing : ResourceMapping.standard(type.id);
            m.storageKind = wanted.storageKind;
            m.idField = wanted.idField;
            m.spaceField = wanted.spaceField;
            m.groupField = wanted.groupField;
            m.ownerField = wanted.ownerField;
            m.displayNameField = wanted.displayNameField;
            m.updatedAt = DbTime.now();
            if (existing == null) {
                m.createdAt = m.updatedAt;
            }
            return (existing == null ? mappings.persistAndFlush(m).replaceWithVoid() : mappings.flush())
                    .onFailure(DatabaseErrors::uniqueViolation)
                    .transform(e -> ApiException.conflict("resource_mapping", "this mapping was stored concurrently; retry"))
                    .flatMap(v -> audit.record(caller, request, "resource_mapping", "upserted", type.id, null,
                            ResourceMappingView.of(type, m, false)))
                    .replaceWith(() -> ResourceMappingView.of(type, m, false));
        }));
    }

    /** The whole mapping a PUT describes: omitted fields take the standard values; every field name is a key. */
    private static ResourceMapping mappingOf(ResourceMappingPut body) {
        if (body == null) {
            throw ApiException.validation("body", "must be a JSON object");
        }
        ResourceMapping m = ResourceMapping.standard(null);
        Map<String, String> problems = new LinkedHashMap<>();
        if (body.storageKind() != null) {
            if (!STORAGE_KINDS.contains(body.storageKind())) {
                problems.put("storage_kind", "must be one of " + STORAGE_KINDS + " in v1.0");
            }
            m.storageKind = body.storageKind();
        }
        m.idField = field("id_field", body.idField(), m.idField, problems);
        m.spaceField = field("space_field", body.spaceField(), m.spaceField, problems);
        m.groupField = field("group_field", body.groupField(), m.groupField, problems);
        m.ownerField = field("owner_field", body.ownerField(), m.ownerField, problems);
        m.displayNameField = field("display_name_field", body.displayNameField(), m.displayNameField, problems);
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        return m;
    }

    private static String field(String name, String given, String standard, Map<String, String> problems) {
        if (given == null) {
            return standard;
        }
        if (!Keys.valid(given)) {
            problems.put(name, Keys.RULE);
        }
        return given;
    }

    private static void requireName(String displayName, Map<String, String> problems) {
        if (displayName == null || displayName.isBlank()) {
            problems.put("display_name", "is required");
        }
    }

    private static void requireRead(Caller caller) {
        if (!caller.holdsAnywhere("registry:read")) {
            throw ApiException.adminPermissionRequired("registry:read");
        }
    }

    private Uni<ResourceType> find(String key) {
        return types.byKey(key).onItem().ifNull().failWith(() -> ApiException.notFound("resource_type", key));
    }
}
