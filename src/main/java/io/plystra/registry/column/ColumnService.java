package io.plystra.registry.column;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.plystra.audit.AuditedWrite;
import io.plystra.audit.Mutation;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.Ids;
import io.plystra.kernel.JsonPatch;
import io.plystra.kernel.Keys;
import io.plystra.kernel.Page;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.RequestContext;
import io.plystra.registry.ResourceType;
import io.plystra.registry.ResourceTypeRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * A resource type's column catalogue (its ordered columns) and column groups (named sets of them), rows
 * of no space like the rest of the registry: reading needs {@code registry:read} anywhere, changing an
 * instance-level {@code registry:manage} ({@code @Requires} on the resources). A group names catalogue
 * columns only, so a catalogue change that drops a column a group uses is refused (409) naming the group.
 */
@ApplicationScoped
public class ColumnService {

    static final int MAX_COLUMNS = 4096;
    static final int MAX_GROUPS = 1000;
    static final String NAME_RULE = "must match [A-Za-z_][A-Za-z0-9_]{0,62} (an SQL identifier)";
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    static final Set<String> PATCHABLE = Set.of("description", "columns");
    static final Set<String> IMMUTABLE = Set.of("id", "key", "resource_type_id", "resource_type", "created_at", "updated_at");

    @Inject
    ResourceTypeRepository types;
    @Inject
    ColumnRepository columns;
    @Inject
    ColumnGroupRepository groups;
    @Inject
    AuditedWrite writes;
    @Inject
    RequestContext request;

    @WithSession
    public Uni<ColumnCatalogueView> catalogue(String typeKey) {
        return type(typeKey).flatMap(t -> columns.catalogue(t.id).map(rows -> view(t, rows)));
    }

    /** Replaces the whole catalogue; 409 naming the groups that use a column it leaves out. */
    @WithTransaction
    public Uni<ColumnCatalogueView> replace(String typeKey, ColumnsPut body) {
        List<ColumnBody> wanted = validate(body);
        Set<String> names = new LinkedHashSet<>();
        wanted.forEach(c -> names.add(c.name()));
        return type(typeKey).flatMap(t -> columns.catalogue(t.id).flatMap(before -> groups.ofType(t.id).flatMap(used -> {
            Map<String, List<String>> missing = new LinkedHashMap<>();
            for (ColumnGroup g : used) {
                List<String> gone = g.columns.stream().filter(c -> !names.contains(c)).toList();
                if (!gone.isEmpty()) {
                    missing.put(g.key, gone);
                }
            }
            if (!missing.isEmpty()) {
                Map.Entry<String, List<String>> first = missing.entrySet().iterator().next();
                throw ApiException.conflict("column_catalogue", "column " + first.getValue().get(0) + " is used by column group "
                        + first.getKey() + "; change the group first", Map.of("groups", missing));
            }
            List<ResourceTypeColumn> after = rows(t, wanted);
            return writes.commit(columns.replace(t.id, wanted), replaced(t, before, wanted)).map(v -> view(t, after));
        })));
    }

    /**
     * A contract's declaration of a type's columns and groups, written at once: the groups named in
     * {@code deleted} go (409 naming the bindings when one uses them), the catalogue becomes {@code catalogue}
     * (null: unchanged), and each group of {@code put} is created or updated against the new catalogue. Each
     * row changed is audited as the single routes audit it.
     */
    @WithTransaction
    public Uni<Void> declare(String typeKey, List<ColumnBody> catalogue, List<String> deleted, List<ColumnGroupCreate> put) {
        return type(typeKey).flatMap(t -> columns.catalogue(t.id).flatMap(before -> groups.ofType(t.id).flatMap(existing -> {
            Map<String, ColumnGroup> byKey = new HashMap<>();
            existing.forEach(g -> byKey.put(g.key, g));
            Uni<?> chain = Uni.createFrom().voidItem();
            for (String key : deleted) {
                chain = chain.chain(() -> deleteUnused(t, byKey.get(key)));
            }
            List<ResourceTypeColumn> after = catalogue == null ? before : rows(t, validate(new ColumnsPut(catalogue)));
            if (catalogue != null) {
                chain = chain.chain(() -> writes.commit(columns.replace(t.id, catalogue), replaced(t, before, catalogue)));
            }
            for (ColumnGroupCreate wanted : put) {
                List<String> members = members(after, wanted.columns());
                ColumnGroup g = byKey.get(wanted.key());
                if (g == null) {
                    ColumnGroup created = newGroup(t, wanted, members);
                    chain = chain.chain(() -> writes.commit(groups.persistAndFlush(created), changed(t, created, "created")));
                } else {
                    chain = chain.chain(() -> {
                        g.columns = members;
                        g.description = wanted.description();
                        g.updatedAt = request.now();
                        return writes.commit(groups.flush(), changed(t, g, "updated"));
                    });
                }
            }
            return chain.replaceWithVoid();
        })));
    }

    private static List<ResourceTypeColumn> rows(ResourceType t, List<ColumnBody> wanted) {
        List<ResourceTypeColumn> after = new ArrayList<>();
        for (int i = 0; i < wanted.size(); i++) {
            ResourceTypeColumn c = new ResourceTypeColumn();
            c.resourceTypeId = t.id;
            c.name = wanted.get(i).name();
            c.position = i + 1;
            c.description = wanted.get(i).description();
            after.add(c);
        }
        return after;
    }

    /** The audit row of a catalogue replaced: how many columns, which were added and which removed. */
    private static Mutation<Map<String, Object>> replaced(ResourceType t, List<ResourceTypeColumn> before, List<ColumnBody> wanted) {
        Set<String> names = new LinkedHashSet<>();
        wanted.forEach(c -> names.add(c.name()));
        Set<String> old = new LinkedHashSet<>();
        before.forEach(c -> old.add(c.name));
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("resource_type_id", t.id);
        change.put("resource_type", t.key);
        change.put("count", wanted.size());
        change.put("added", names.stream().filter(n -> !old.contains(n)).toList());
        change.put("removed", old.stream().filter(n -> !names.contains(n)).toList());
        return new Mutation<>("column_catalogue", "replaced", t.id, null, change);
    }

    @WithSession
    public Uni<Page<ColumnGroupView>> listGroups(String typeKey, PageRequest page) {
        return type(typeKey).flatMap(t -> groups.page(t.id, page)
                .map(rows -> Page.of(rows, page.limit(), g -> g.createdAt, g -> g.id, g -> ColumnGroupView.of(t.key, g))));
    }

    @WithSession
    public Uni<ColumnGroupView> getGroup(String typeKey, String groupKey) {
        return type(typeKey).flatMap(t -> group(t, groupKey).map(g -> ColumnGroupView.of(t.key, g)));
    }

    @WithTransaction
    public Uni<ColumnGroupView> createGroup(String typeKey, ColumnGroupCreate body) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (body == null || !Keys.valid(body.key())) {
            problems.put("key", Keys.RULE);
        }
        if (body == null || body.columns() == null || body.columns().isEmpty()) {
            problems.put("columns", "must name at least one column");
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        return type(typeKey).flatMap(t -> columns.catalogue(t.id).flatMap(catalogue -> groups.byKey(t.id, body.key()).flatMap(existing -> {
            if (existing != null) {
                throw ApiException.conflict("column_group", "resource type " + t.key + " has a column group " + body.key());
            }
            List<String> members = members(catalogue, body.columns());
            return groups.count("resourceTypeId", t.id).flatMap(n -> {
                if (n >= MAX_GROUPS) {
                    throw ApiException.conflict("column_group", "a resource type holds at most " + MAX_GROUPS + " column groups");
                }
                ColumnGroup g = newGroup(t, body, members);
                return writes.commit(groups.persistAndFlush(g), changed(t, g, "created"));
            });
        })));
    }

    @WithTransaction
    public Uni<ColumnGroupView> patchGroup(String typeKey, String groupKey, JsonPatch patch) {
        String description = patch.has("description") ? patch.text("description", false) : null;
        return type(typeKey).flatMap(t -> group(t, groupKey).flatMap(g -> columns.catalogue(t.id).flatMap(catalogue -> {
            if (patch.has("columns")) {
                g.columns = members(catalogue, textList(patch.node("columns")));
            }
            if (patch.has("description")) {
                g.description = description;
            }
            g.updatedAt = request.now();
            return writes.commit(groups.flush(), changed(t, g, "updated"));
        })));
    }

    @WithTransaction
    public Uni<ColumnGroupView> deleteGroup(String typeKey, String groupKey) {
        return type(typeKey).flatMap(t -> group(t, groupKey).flatMap(g -> deleteUnused(t, g)));
    }

    /** Deletes the group; 409 naming the bindings whose conditions use it. */
    private Uni<ColumnGroupView> deleteUnused(ResourceType t, ColumnGroup g) {
        return groups.bindingsUsing(t.key, g.key).flatMap(using -> {
            if (!using.isEmpty()) {
                throw ApiException.conflict("column_group", "column group " + g.key + " is used by the conditions of binding(s) "
                        + using + "; change those bindings first", Map.of("bindings", using));
            }
            return writes.commit(groups.delete(g).call(groups::flush), changed(t, g, "deleted"));
        });
    }

    private ColumnGroup newGroup(ResourceType t, ColumnGroupCreate body, List<String> members) {
        ColumnGroup g = new ColumnGroup();
        g.id = Ids.generate("cg");
        g.resourceTypeId = t.id;
        g.key = body.key();
        g.description = body.description();
        g.columns = members;
        g.createdAt = request.now();
        g.updatedAt = g.createdAt;
        return g;
    }

    /** The group's columns: each a column of the catalogue (else 400 naming the unknown ones), once, in catalogue order. */
    private static List<String> members(List<ResourceTypeColumn> catalogue, List<String> given) {
        if (given == null || given.isEmpty()) {
            throw ApiException.validation("columns", "must name at least one column");
        }
        Map<String, Integer> position = new HashMap<>();
        catalogue.forEach(c -> position.put(c.name, c.position));
        List<String> unknown = new ArrayList<>();
        for (String name : given) {
            if (name == null || !position.containsKey(name)) {
                if (!unknown.contains(name)) {
                    unknown.add(name);
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw ApiException.validation("columns", "unknown columns of this resource type: " + unknown);
        }
        return new LinkedHashSet<>(given).stream().sorted((a, b) -> position.get(a) - position.get(b)).toList();
    }

    /** A PATCH's {@code columns}: a list of strings, else 400. */
    private static List<String> textList(com.fasterxml.jackson.databind.JsonNode node) {
        if (node == null || !node.isArray()) {
            throw ApiException.validation("columns", "must be a list of column names");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                throw ApiException.validation("columns[" + i + "]", "must be a string");
            }
            out.add(node.get(i).textValue());
        }
        return out;
    }

    /** 400 naming the field unless the catalogue is at most 4,096 SQL identifiers, unique ignoring case. */
    public static List<ColumnBody> validate(ColumnsPut body) {
        if (body == null || body.columns() == null) {
            throw ApiException.validation("columns", "is required (an empty list empties the catalogue)");
        }
        if (body.columns().size() > MAX_COLUMNS) {
            throw ApiException.validation("columns", "must hold at most " + MAX_COLUMNS + " columns");
        }
        Map<String, String> problems = new LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        Set<String> duplicates = new HashSet<>();
        for (int i = 0; i < body.columns().size(); i++) {
            ColumnBody c = body.columns().get(i);
            if (c == null) {
                problems.put("columns[" + i + "]", "must be a column object");
            } else if (c.name() == null || !NAME.matcher(c.name()).matches()) {
                problems.put("columns[" + i + "].name", NAME_RULE);
            } else {
                Integer first = seen.putIfAbsent(c.name().toLowerCase(Locale.ROOT), i);
                if (first != null && duplicates.add(c.name().toLowerCase(Locale.ROOT))) {
                    problems.put("columns[" + i + "].name", "names the same column as columns[" + first + "] (names are unique ignoring case)");
                }
            }
            if (problems.size() >= 20) {
                break;
            }
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        return body.columns();
    }

    private static ColumnCatalogueView view(ResourceType t, List<ResourceTypeColumn> rows) {
        return new ColumnCatalogueView(t.id, t.key, rows.size(),
                rows.stream().map(c -> new ColumnCatalogueView.Column(c.name, c.position, c.description)).toList());
    }

    private Uni<ResourceType> type(String key) {
        return types.byKey(key).onItem().ifNull().failWith(() -> ApiException.notFound("resource_type", key));
    }

    private Uni<ColumnGroup> group(ResourceType t, String key) {
        return groups.byKey(t.id, key).onItem().ifNull().failWith(() -> ApiException.notFound("column_group", key));
    }

    private static Mutation<ColumnGroupView> changed(ResourceType t, ColumnGroup g, String verb) {
        return new Mutation<>("column_group", verb, g.id, null, ColumnGroupView.of(t.key, g));
    }
}
