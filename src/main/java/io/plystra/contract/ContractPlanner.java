package io.plystra.contract;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.plystra.access.permission.Permission;
import io.plystra.access.permission.PermissionCreate;
import io.plystra.access.permission.PermissionRepository;
import io.plystra.access.permission.PermissionService;
import io.plystra.access.role.Role;
import io.plystra.access.role.RoleCreate;
import io.plystra.access.role.RoleRepository;
import io.plystra.access.role.RoleService;
import io.plystra.access.rolepermission.RolePermission;
import io.plystra.access.rolepermission.RolePermissionCreate;
import io.plystra.access.rolepermission.RolePermissionRepository;
import io.plystra.access.rolepermission.RolePermissionService;
import io.plystra.gateway.GatewayRouteService;
import io.plystra.gateway.RoutesBody;
import io.plystra.kernel.JsonPatch;
import io.plystra.kernel.Status;
import io.plystra.registry.RegistryService;
import io.plystra.registry.ResourceAction;
import io.plystra.registry.ResourceActionRepository;
import io.plystra.registry.ResourceActionUpsert;
import io.plystra.registry.ResourceType;
import io.plystra.registry.ResourceTypeRepository;
import io.plystra.registry.ResourceTypeUpsert;
import io.plystra.registry.column.ColumnBody;
import io.plystra.registry.column.ColumnGroup;
import io.plystra.registry.column.ColumnGroupCreate;
import io.plystra.registry.column.ColumnGroupRepository;
import io.plystra.registry.column.ColumnRepository;
import io.plystra.registry.column.ColumnService;
import io.plystra.registry.column.ResourceTypeColumn;
import io.smallrye.mutiny.Uni;

/**
 * Compares a document with what the space and the registry hold and plans the writes, through the same
 * services the single routes use (so each row changed is audited as they audit it, and a role's permission
 * change makes a new role version). A type, role or route table the document declares is declared whole;
 * one it leaves out is removed only when the space's latest contract version declared it. Removing means
 * disabling (types, actions, roles), deleting (column groups), revoking (a role's permission) or disabling
 * (gateway routes); a removal that a live binding or resource still needs is a conflict, never a write.
 */
@ApplicationScoped
public class ContractPlanner {

    @Inject
    ResourceTypeRepository types;
    @Inject
    ResourceActionRepository actions;
    @Inject
    ColumnRepository columns;
    @Inject
    ColumnGroupRepository groups;
    @Inject
    PermissionRepository permissions;
    @Inject
    RoleRepository roles;
    @Inject
    RolePermissionRepository rolePermissions;
    @Inject
    ContractRepository uses;
    @Inject
    RegistryService registry;
    @Inject
    ColumnService columnService;
    @Inject
    PermissionService permissionService;
    @Inject
    RoleService roleService;
    @Inject
    RolePermissionService rolePermissionService;
    @Inject
    GatewayRouteService gateway;

    /** The plan of applying {@code document} to the space, whose latest contract version declared {@code previous} (null: none). */
    public Uni<ContractPlan> plan(String spaceId, ContractDocument document, Contract previous) {
        Contract wanted = document.contract();
        ContractPlan plan = new ContractPlan();
        Set<String> typeKeys = keys(wanted.types(), Contract.Type::key);
        Set<String> roleKeys = keys(wanted.roleList(), Contract.Role::key);
        List<String> removedTypes = previous == null ? List.of()
                : previous.types().stream().map(Contract.Type::key).filter(k -> !typeKeys.contains(k)).toList();
        List<String> removedRoles = previous == null ? List.of()
                : previous.roleList().stream().map(Contract.Role::key).filter(k -> !roleKeys.contains(k)).toList();
        return each(wanted.types(), t -> type(plan, t))
                .chain(() -> each(removedTypes, k -> removedType(plan, k)))
                .chain(() -> permissions(plan, document))
                .chain(() -> each(wanted.roleList(), r -> role(plan, spaceId, r)))
                .chain(() -> each(removedRoles, k -> removedRole(plan, spaceId, k)))
                .chain(() -> gateway(plan, spaceId, wanted.gateway(), previous != null && previous.gateway() != null))
                .replaceWith(plan);
    }

    // ---- resource types, actions, columns, column groups ----

    private Uni<Void> type(ContractPlan plan, Contract.Type t) {
        ResourceTypeUpsert upsert = new ResourceTypeUpsert(t.key(), t.displayName(), t.description(), t.storageKind());
        return types.byKey(t.key()).flatMap(row -> {
            if (row == null) {
                plan.add(change("resource_type", t.key(), "create", Map.of("display_name", t.displayName())),
                        () -> registry.upsertType(upsert));
                t.actions().forEach(a -> action(plan, t, a, null));
                columns(plan, t, List.of(), List.of());
                return Uni.createFrom().voidItem();
            }
            Map<String, Object> detail = new LinkedHashMap<>();
            differs(detail, "display_name", row.displayName, t.displayName());
            differs(detail, "description", row.description, t.description());
            differs(detail, "storage_kind", row.storageKind, t.storageKind());
            if (!detail.isEmpty()) {
                plan.add(change("resource_type", t.key(), "update", detail), () -> registry.upsertType(upsert));
            }
            if (row.status != Status.ACTIVE) {
                plan.add(change("resource_type", t.key(), "restore", Map.of()),
                        () -> registry.setTypeStatus(t.key(), Status.ACTIVE, "restored"));
            }
            return actions.ofType(row.id).flatMap(stored -> {
                Map<String, ResourceAction> byKey = new HashMap<>();
                stored.forEach(a -> byKey.put(a.key, a));
                t.actions().forEach(a -> action(plan, t, a, byKey.get(a.key())));
                Set<String> declared = keys(t.actions(), Contract.Action::key);
                return each(stored.stream().filter(a -> a.status == Status.ACTIVE && !declared.contains(a.key)).toList(),
                        a -> removedAction(plan, t.key(), a.key));
            }).chain(() -> columns.catalogue(row.id)).flatMap(catalogue -> groups.ofType(row.id)
                    .invoke(stored -> columns(plan, t, catalogue, stored)))
                    .chain(stored -> each(stored.stream().filter(g -> !keys(t.columnGroups(), Contract.Group::key).contains(g.key)).toList(),
                            g -> groups.bindingsUsing(t.key(), g.key).invoke(ids -> {
                                if (!ids.isEmpty()) {
                                    plan.conflict("column_group", t.key() + "." + g.key, "bindings", ids);
                                }
                            })));
        });
    }

    private void action(ContractPlan plan, Contract.Type t, Contract.Action a, ResourceAction row) {
        String key = t.key() + "." + a.key();
        ResourceActionUpsert upsert = new ResourceActionUpsert(a.key(), a.displayName(), a.riskLevel(), a.auditDefault());
        if (row == null) {
            plan.add(change("resource_action", key, "create", Map.of("risk_level", a.riskLevel())), () -> registry.upsertAction(t.key(), upsert));
            return;
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        differs(detail, "display_name", row.displayName, a.displayName());
        differs(detail, "risk_level", row.riskLevel, a.riskLevel());
        differs(detail, "audit_default", row.auditDefault, a.auditDefault());
        if (!detail.isEmpty()) {
            plan.add(change("resource_action", key, "update", detail), () -> registry.upsertAction(t.key(), upsert));
        }
        if (row.status != Status.ACTIVE) {
            plan.add(change("resource_action", key, "restore", Map.of()),
                    () -> registry.setActionStatus(t.key(), a.key(), Status.ACTIVE, "restored"));
        }
    }

    private Uni<Void> removedAction(ContractPlan plan, String type, String action) {
        return uses.bindingsUsing(type, action).invoke(ids -> {
            if (!ids.isEmpty()) {
                plan.conflict("resource_action", type + "." + action, "bindings", ids);
            }
            plan.add(change("resource_action", type + "." + action, "remove", Map.of()),
                    () -> registry.setActionStatus(type, action, Status.DISABLED, "disabled"));
        }).replaceWithVoid();
    }

    /** The catalogue and the groups of a declared type against the stored ones: one write for all of them. */
    private void columns(ContractPlan plan, Contract.Type t, List<ResourceTypeColumn> catalogue, List<ColumnGroup> stored) {
        List<ColumnBody> before = catalogue.stream().map(c -> new ColumnBody(c.name, c.description)).toList();
        boolean catalogueChanges = !before.equals(t.columns());
        List<ContractChange> changes = new ArrayList<>();
        if (catalogueChanges) {
            Set<String> old = keys(before, ColumnBody::name);
            Set<String> now = keys(t.columns(), ColumnBody::name);
            changes.add(change("column_catalogue", t.key(), before.isEmpty() ? "create" : "update", Map.of(
                    "added", now.stream().filter(n -> !old.contains(n)).toList(),
                    "removed", old.stream().filter(n -> !now.contains(n)).toList(), "count", now.size())));
        }
        Map<String, ColumnGroup> byKey = new HashMap<>();
        stored.forEach(g -> byKey.put(g.key, g));
        List<ColumnGroupCreate> put = new ArrayList<>();
        for (Contract.Group g : t.columnGroups()) {
            ColumnGroup row = byKey.get(g.key());
            Map<String, Object> detail = new LinkedHashMap<>();
            if (row != null) {
                differs(detail, "description", row.description, g.description());
                differs(detail, "columns", row.columns, g.columns());
            }
            if (row == null || !detail.isEmpty()) {
                changes.add(change("column_group", t.key() + "." + g.key(), row == null ? "create" : "update",
                        row == null ? Map.of("columns", g.columns()) : detail));
                put.add(new ColumnGroupCreate(g.key(), g.description(), g.columns()));
            }
        }
        Set<String> declared = keys(t.columnGroups(), Contract.Group::key);
        List<String> deleted = stored.stream().map(g -> g.key).filter(k -> !declared.contains(k)).toList();
        deleted.forEach(k -> changes.add(change("column_group", t.key() + "." + k, "remove", Map.of())));
        for (int i = 0; i < changes.size(); i++) {
            if (i == 0) {
                plan.add(changes.get(0), () -> columnService.declare(t.key(), catalogueChanges ? t.columns() : null, deleted, put));
            } else {
                plan.add(changes.get(i));
            }
        }
    }

    private Uni<Void> removedType(ContractPlan plan, String key) {
        return types.byKey(key).flatMap(row -> {
            if (row == null || row.status != Status.ACTIVE) {
                return Uni.createFrom().voidItem();
            }
            return uses.resourcesOf(key).invoke(ids -> {
                if (!ids.isEmpty()) {
                    plan.conflict("resource_type", key, "resources", ids);
                }
            }).chain(() -> uses.bindingsUsing(key, null)).invoke(ids -> {
                if (!ids.isEmpty()) {
                    plan.conflict("resource_type", key, "bindings", ids);
                }
                plan.add(change("resource_type", key, "remove", Map.of()), () -> registry.setTypeStatus(key, Status.DISABLED, "disabled"));
            }).replaceWithVoid();
        });
    }

    // ---- permissions and roles ----

    /**
     * Each permission the roles name: found, restored when disabled, or created (its type and action must be
     * registered or declared by the document; else a problem at the first field naming it).
     */
    private Uni<Void> permissions(ContractPlan plan, ContractDocument document) {
        Map<String, String> firstField = new LinkedHashMap<>();
        List<Contract.Role> declared = document.contract().roleList();
        for (int i = 0; i < declared.size(); i++) {
            for (int j = 0; j < declared.get(i).permissions().size(); j++) {
                firstField.putIfAbsent(declared.get(i).permissions().get(j), "roles[" + i + "].permissions[" + j + "]");
            }
        }
        Map<String, Set<String>> declaredActions = new HashMap<>();
        document.contract().types().forEach(t -> declaredActions.put(t.key(), keys(t.actions(), Contract.Action::key)));
        return each(List.copyOf(firstField.keySet()), key -> {
            ContractDocument.Permission p = ContractDocument.permission(key);
            return permissions.byTriple(p.resource(), p.action(), p.scope()).flatMap(row -> {
                if (row != null) {
                    plan.permissionIds.put(key, row.id);
                    if (row.status != Status.ACTIVE) {
                        plan.add(change("permission", key, "restore", Map.of("id", row.id)),
                                () -> permissionService.setStatus(row.id, Status.ACTIVE, "restored"));
                    }
                    return Uni.createFrom().voidItem();
                }
                Uni<Boolean> registered = declaredActions.getOrDefault(p.resource(), Set.of()).contains(p.action())
                        ? Uni.createFrom().item(true)
                        : types.byKey(p.resource()).flatMap(t -> t == null ? Uni.createFrom().item(false)
                                : actions.byKey(t.id, p.action()).map(Objects::nonNull));
                return registered.invoke(found -> {
                    if (!found) {
                        plan.problems.add(document.problem(firstField.get(key), "names action " + p.action() + " of resource type "
                                + p.resource() + ", which is neither registered nor declared in this document"));
                        return;
                    }
                    plan.add(change("permission", key, "create", Map.of()), () -> permissionService
                            .create(new PermissionCreate(null, p.resource(), p.action(), p.scope(), null))
                            .invoke(created -> plan.permissionIds.put(key, created.id())));
                }).replaceWithVoid();
            });
        });
    }

    private Uni<Void> role(ContractPlan plan, String spaceId, Contract.Role r) {
        return roles.inSpaceByKey(spaceId, r.key()).flatMap(row -> {
            if (row == null) {
                plan.add(change("role", r.key(), "create", Map.of("name", r.name(), "permissions", r.permissions())),
                        () -> roleService.create(spaceId, new RoleCreate(null, r.key(), r.name(), r.description()))
                                .call(created -> each(r.permissions(), p -> rolePermissionService
                                        .create(new RolePermissionCreate(null, created.id(), plan.permissionIds.get(p))))));
                return Uni.createFrom().voidItem();
            }
            return rolePermissions.activeOf(row.id).flatMap(active -> permissionKeys(active).invoke(held -> {
                Map<String, Object> detail = new LinkedHashMap<>();
                differs(detail, "name", row.name, r.name());
                differs(detail, "description", row.description, r.description());
                differs(detail, "status", row.status.value(), Status.ACTIVE.value());
                List<String> added = r.permissions().stream().filter(p -> !held.containsValue(p)).toList();
                List<RolePermission> revoked = active.stream().filter(rp -> !r.permissions().contains(held.get(rp.permissionId))).toList();
                if (!added.isEmpty()) {
                    detail.put("permissions_added", added);
                }
                if (!revoked.isEmpty()) {
                    detail.put("permissions_removed", revoked.stream().map(rp -> held.get(rp.permissionId)).toList());
                }
                if (detail.isEmpty()) {
                    return;
                }
                plan.add(change("role", r.key(), "update", detail), () -> roleChanges(plan, spaceId, row, r, added, revoked));
            }));
        }).replaceWithVoid();
    }

    private Uni<Void> roleChanges(ContractPlan plan, String spaceId, Role row, Contract.Role r, List<String> added, List<RolePermission> revoked) {
        Uni<?> chain = Uni.createFrom().voidItem();
        if (!Objects.equals(row.name, r.name()) || !Objects.equals(row.description, r.description())) {
            ObjectNode patch = JsonNodeFactory.instance.objectNode().put("name", r.name()).put("description", r.description());
            chain = chain.chain(() -> roleService.patch(spaceId, row.id, JsonPatch.of(patch, Set.of("name", "description"), Set.of())));
        }
        if (row.status != Status.ACTIVE) {
            chain = chain.chain(() -> roleService.setStatus(spaceId, row.id, Status.ACTIVE, "restored"));
        }
        return chain.chain(() -> each(revoked, rp -> rolePermissionService.revoke(rp.id)))
                .chain(() -> each(added, p -> rolePermissionService.create(new RolePermissionCreate(null, row.id, plan.permissionIds.get(p)))));
    }

    /** {@code resource:action:scope} by permission id, of the role-permissions given. */
    private Uni<Map<String, String>> permissionKeys(List<RolePermission> active) {
        if (active.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return permissions.list("id in ?1", active.stream().map(rp -> rp.permissionId).toList()).map(found -> {
            Map<String, String> out = new HashMap<>();
            for (Permission p : found) {
                out.put(p.id, p.resource + ":" + p.action + ":" + p.scope);
            }
            return out;
        });
    }

    private Uni<Void> removedRole(ContractPlan plan, String spaceId, String key) {
        return roles.inSpaceByKey(spaceId, key).flatMap(row -> {
            if (row == null || row.status != Status.ACTIVE) {
                return Uni.createFrom().voidItem();
            }
            return uses.bindingsOfRole(row.id).invoke(ids -> {
                if (!ids.isEmpty()) {
                    plan.conflict("role", key, "bindings", ids);
                }
                plan.add(change("role", key, "remove", Map.of("id", row.id)),
                        () -> roleService.setStatus(spaceId, row.id, Status.DISABLED, "disabled"));
            }).replaceWithVoid();
        });
    }

    // ---- the gateway's route table ----

    /** The route table, when the document declares one or the latest version did (then every route is disabled). */
    private Uni<Void> gateway(ContractPlan plan, String spaceId, Contract.Gateway wanted, boolean declaredBefore) {
        if (wanted == null && !declaredBefore) {
            return Uni.createFrom().voidItem();
        }
        RoutesBody body = wanted == null ? new RoutesBody(List.of(), null) : new RoutesBody(wanted.routes(), wanted.defaultDecision());
        return gateway.list(spaceId).flatMap(before -> gateway.apply(spaceId, body, true).invoke(diff -> {
            List<ContractChange> changes = new ArrayList<>();
            diff.created().forEach(n -> changes.add(change("gateway_route", n, "create", Map.of())));
            diff.updated().forEach(n -> changes.add(change("gateway_route", n, "update", Map.of())));
            diff.disabled().forEach(n -> changes.add(change("gateway_route", n, "remove", Map.of())));
            if (!before.defaultDecision().equals(diff.defaultDecision())) {
                changes.add(change("gateway_default", "default", "update", before(before.defaultDecision(), diff.defaultDecision())));
            }
            for (int i = 0; i < changes.size(); i++) {
                if (i == 0) {
                    plan.add(changes.get(0), () -> gateway.apply(spaceId, body, false));
                } else {
                    plan.add(changes.get(i));
                }
            }
        })).replaceWithVoid();
    }

    // ---- shared ----

    private static ContractChange change(String kind, String key, String verb, Map<String, Object> detail) {
        return new ContractChange(kind, key, verb, detail);
    }

    private static void differs(Map<String, Object> detail, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            detail.put(field, before(before, after));
        }
    }

    private static Map<String, Object> before(Object before, Object after) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("before", before);
        change.put("after", after);
        return change;
    }

    private static <T> Set<String> keys(List<T> items, Function<T, String> key) {
        Set<String> out = new LinkedHashSet<>();
        items.forEach(i -> out.add(key.apply(i)));
        return out;
    }

    private static <T> Uni<Void> each(List<T> items, Function<T, Uni<?>> step) {
        Uni<?> chain = Uni.createFrom().voidItem();
        for (T item : items) {
            chain = chain.chain(() -> step.apply(item));
        }
        return chain.replaceWithVoid();
    }
}
