package io.plystra.registry;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.plystra.audit.AuditedWrite;
import io.plystra.audit.Mutation;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.Ids;
import io.plystra.kernel.Keys;
import io.plystra.kernel.Page;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.RequestContext;
import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * The resource registry: types, their actions and their storage mapping, rows of no space. The route's
 * permission is checked before these run ({@code @Requires} on {@link RegistryResource}: reading with
 * a grant anywhere, changing with an instance-level grant). Upserts go by key; a new type or action
 * takes part in decisions at once.
 */
@ApplicationScoped
public class RegistryService {

    public static final Set<String> RISK_LEVELS = Set.of("low", "normal", "high", "critical");
    static final Set<String> STORAGE_KINDS = Set.of("internal_table");
    /** Where a type's resources are: rows of {@code resources}, or outside Plystra (checks need not find them). */
    public static final String STORED = "stored";
    public static final String EXTERNAL = "external";

    @Inject
    ResourceTypeRepository types;
    @Inject
    ResourceActionRepository actions;
    @Inject
    ResourceMappingRepository mappings;
    @Inject
    StandardActionRepository standardActions;
    @Inject
    AuditedWrite writes;
    @Inject
    RequestContext request;

    @WithSession
    public Uni<Page<ResourceTypeView>> listTypes(PageRequest page, String status) {
        return types.page(page, status)
                .map(rows -> Page.of(rows, page.limit(), t -> t.createdAt, t -> t.id, ResourceTypeView::of));
    }

    @WithSession
    public Uni<ResourceTypeView> getType(String key) {
        return find(key).map(ResourceTypeView::of);
    }

    @WithTransaction
    public Uni<Upserted<ResourceTypeView>> upsertType(ResourceTypeUpsert body) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (body == null || !Keys.valid(body.key())) {
            problems.put("key", Keys.RULE);
        }
        requireName(body == null ? null : body.displayName(), problems);
        if (body != null && body.storageKind() != null && !body.storageKind().equals(STORED)
                && !body.storageKind().equals(EXTERNAL)) {
            problems.put("storage_kind", "must be one of [external, stored]");
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        return types.byKey(body.key()).flatMap(existing -> {
            ResourceType t = existing != null ? existing : new ResourceType();
            boolean created = existing == null;
            Instant now = request.now();
            if (created) {
                t.id = Ids.generate("rt");
                t.key = body.key();
                t.status = Status.ACTIVE;
                t.createdAt = now;
                t.storageKind = STORED;
            }
            if (body.storageKind() != null) {
                t.storageKind = body.storageKind();
            }
            t.displayName = body.displayName().trim();
            t.description = body.description();
            t.updatedAt = now;
            Uni<?> write = created ? types.persistAndFlush(t) : types.flush();
            return writes.commit(write, new Mutation<>("resource_type", created ? "created" : "updated", t.id, null,
                    ResourceTypeView.of(t))).map(view -> new Upserted<>(view, created));
        });
    }

    @WithSession
    public Uni<Page<ResourceActionView>> listActions(String key, PageRequest page, String status) {
        Status wanted = Status.parse(status, "status", Status.DISABLEABLE); // a bad filter is 400 even for a missing type
        return find(key).flatMap(type -> actions.page(type.id, page, wanted)
                .map(rows -> Page.of(rows, page.limit(), a -> a.createdAt, a -> a.id, a -> ResourceActionView.of(type, a))));
    }

    @WithSession
    public Uni<List<StandardActionView>> standardActions() {
        return standardActions.all().map(rows -> rows.stream().map(StandardActionView::of).toList());
    }

    /**
     * Registers (or replaces) an action of a type. Without {@code risk_level}, an action of the standard
     * catalogue takes the catalogue's ({@code impersonate} is critical), any other {@code normal}.
     */
    @WithTransaction
    public Uni<Upserted<ResourceActionView>> upsertAction(String key, ResourceActionUpsert body) {
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
        Uni<String> riskLevel = body.riskLevel() != null ? Uni.createFrom().item(body.riskLevel())
                : standardActions.defaultRiskLevel(body.key());
        return find(key).flatMap(type -> actions.byKey(type.id, body.key()).flatMap(existing -> riskLevel.flatMap(risk -> {
            ResourceAction a = existing != null ? existing : new ResourceAction();
            boolean created = existing == null;
            Instant now = request.now();
            if (created) {
                a.id = Ids.generate("ra");
                a.resourceTypeId = type.id;
                a.key = body.key();
                a.status = Status.ACTIVE;
                a.createdAt = now;
            }
            a.displayName = body.displayName().trim();
            a.riskLevel = risk;
            a.auditDefault = body.auditDefault() == null || body.auditDefault();
            a.updatedAt = now;
            Uni<?> write = created ? actions.persistAndFlush(a) : actions.flush();
            return writes.commit(write, new Mutation<>("resource_action", created ? "created" : "updated", a.id, null,
                    ResourceActionView.of(type, a))).map(view -> new Upserted<>(view, created));
        })));
    }

    /** Disables ({@code disabled}) or restores ({@code restored}) a type: a disabled type takes part in no decision. */
    @WithTransaction
    public Uni<ResourceTypeView> setTypeStatus(String key, Status status, String verb) {
        return find(key).flatMap(t -> {
            t.status = status;
            t.updatedAt = request.now();
            return writes.commit(types.flush(), new Mutation<>("resource_type", verb, t.id, null, ResourceTypeView.of(t)));
        });
    }

    /** Disables ({@code disabled}) or restores ({@code restored}) an action of a type. */
    @WithTransaction
    public Uni<ResourceActionView> setActionStatus(String key, String actionKey, Status status, String verb) {
        return find(key).flatMap(type -> actions.byKey(type.id, actionKey)
                .onItem().ifNull().failWith(() -> ApiException.notFound("resource_action", actionKey))
                .flatMap(a -> {
                    a.status = status;
                    a.updatedAt = request.now();
                    return writes.commit(actions.flush(), new Mutation<>("resource_action", verb, a.id, null, ResourceActionView.of(type, a)));
                }));
    }

    @WithSession
    public Uni<ResourceMappingView> getMapping(String key) {
        return find(key).flatMap(type -> mappings.findById(type.id).map(stored -> stored == null
                ? ResourceMappingView.of(type, ResourceMapping.standard(type.id), true)
                : ResourceMappingView.of(type, stored, false)));
    }

    @WithTransaction
    public Uni<ResourceMappingView> putMapping(String key, ResourceMappingPut body) {
        ResourceMapping wanted = mappingOf(body);
        return find(key).flatMap(type -> mappings.findById(type.id).flatMap(existing -> {
            ResourceMapping m = existing != null ? existing : ResourceMapping.standard(type.id);
            m.storageKind = wanted.storageKind;
            m.idField = wanted.idField;
            m.spaceField = wanted.spaceField;
            m.groupField = wanted.groupField;
            m.ownerField = wanted.ownerField;
            m.displayNameField = wanted.displayNameField;
            m.updatedAt = request.now();
            if (existing == null) {
                m.createdAt = m.updatedAt;
            }
            Uni<?> write = existing == null ? mappings.persistAndFlush(m) : mappings.flush();
            return writes.commit(write, new Mutation<>("resource_mapping", "upserted", type.id, null,
                    ResourceMappingView.of(type, m, false)));
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

    private Uni<ResourceType> find(String key) {
        return types.byKey(key).onItem().ifNull().failWith(() -> ApiException.notFound("resource_type", key));
    }
}
