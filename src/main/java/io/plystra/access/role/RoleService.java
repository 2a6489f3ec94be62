package io.plystra.access.role;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.plystra.access.permission.Permission;
import io.plystra.access.permission.PermissionRepository;
import io.plystra.audit.AuditedWrite;
import io.plystra.audit.Mutation;
import io.plystra.identity.ReferenceRepository;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.Ids;
import io.plystra.kernel.JsonPatch;
import io.plystra.kernel.Keys;
import io.plystra.kernel.Page;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.RequestContext;
import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Roles: those of a space ({@link RoleResource}, the route's permission in that space checked before
 * these run) and every role by id ({@link RoleByIdResource}, where {@link RoleAccess} checks the
 * permission by the role's level). Every change of a role makes a new version ({@link RoleHistory}).
 */
@ApplicationScoped
public class RoleService {

    static final Set<String> PATCHABLE = Set.of("name", "description");
    static final Set<String> IMMUTABLE = Set.of("id", "space_id", "key", "status");
    /** The PATCH of a role by id also names the fields only that route shows as immutable. */
    static final Set<String> IMMUTABLE_BY_ID = Set.of("id", "space_id", "level", "organization_id", "key", "status",
            "version");

    @Inject
    RoleRepository roles;
    @Inject
    RoleVersionRepository versions;
    @Inject
    RoleHistory history;
    @Inject
    RoleAccess access;
    @Inject
    PermissionRepository permissions;
    @Inject
    ReferenceRepository references;
    @Inject
    AuditedWrite writes;
    @Inject
    RequestContext request;

    // ---- roles of a space ----

    @WithSession
    public Uni<Page<RoleView>> list(String spaceId, PageRequest page, String status) {
        Uni<List<Role>> rows = roles.page(spaceId, page, status); // first: a bad filter is 400 even in a missing space
        return references.space(spaceId).flatMap(v -> rows)
                .map(found -> Page.of(found, page.limit(), r -> r.createdAt, r -> r.id, RoleView::of));
    }

    @WithSession
    public Uni<RoleView> get(String spaceId, String id) {
        return roles.inSpace(spaceId, id).onItem().ifNull().failWith(() -> ApiException.notFound("role", id))
                .map(RoleView::of);
    }

    @WithTransaction
    public Uni<RoleView> create(String spaceId, RoleCreate body) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (body == null || !Keys.valid(body.key())) {
            problems.put("key", Keys.RULE);
        }
        if (body == null || body.name() == null || body.name().isBlank()) {
            problems.put("name", "is required");
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        Role r = newRole(body.id(), body.key(), body.name(), body.description());
        r.level = Role.SPACE;
        r.spaceId = spaceId;
        return references.space(spaceId).flatMap(v -> writes.commit(roles.persistAndFlush(r).chain(() -> history.first(r)),
                changed(r, "created")));
    }

    @WithTransaction
    public Uni<RoleView> patch(String spaceId, String id, JsonPatch patch) {
        return forChange(spaceId, id).flatMap(r -> patch(r, patch));
    }

    @WithTransaction
    public Uni<RoleView> setStatus(String spaceId, String id, Status status, String verb) {
        return forChange(spaceId, id).flatMap(r -> setStatus(r, status, verb));
    }

    // ---- roles by id, any level ----

    /**
     * The global roles, which any {@code roles:read} grant reads (every space may bind them); or, {@code organizationId}
     * given, that organization's roles, which need the permission for the organization.
     */
    @WithSession
    public Uni<Page<RoleView>> listAtLevel(PageRequest page, String organizationId, String status) {
        if (organizationId != null) {
            request.requireForOrganization(organizationId);
        }
        return roles.levelPage(page, organizationId, status)
                .map(found -> Page.of(found, page.limit(), r -> r.createdAt, r -> r.id, RoleView::of));
    }

    @WithSession
    public Uni<RoleView> get(String id) {
        return readable(id).map(RoleView::of);
    }

    /**
     * A role of no space: global (a super admin's), or of an organization (the route's permission held for that
     * organization: its admins, or an admin of an organization above it, or instance-wide).
     */
    @WithTransaction
    public Uni<RoleView> createAtLevel(RoleCreateAtLevel body) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (body == null || !Keys.valid(body.key())) {
            problems.put("key", Keys.RULE);
        }
        if (body == null || body.name() == null || body.name().isBlank()) {
            problems.put("name", "is required");
        }
        String level = body == null ? null : body.level();
        if (Role.ORGANIZATION.equals(level)) {
            if (!Ids.wellFormed(body.organizationId())) {
                problems.put("organization_id", "is required for an organization role");
            }
        } else if (!Role.GLOBAL.equals(level)) {
            problems.put("level", "must be global or organization (a space role is created under /api/v1/spaces/{id}/roles)");
        } else if (body.organizationId() != null) {
            problems.put("organization_id", "must be absent for a global role");
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        Role r = newRole(body.id(), body.key(), body.name(), body.description());
        r.level = level;
        if (Role.GLOBAL.equals(level)) {
            access.requireSuperAdmin();
            return writes.commit(roles.persistAndFlush(r).chain(() -> history.first(r)), changed(r, "created"));
        }
        r.organizationId = body.organizationId();
        request.requireForOrganization(r.organizationId);
        return ReferenceRepository.organizationExists(r.organizationId).invoke(found -> {
            if (!found) {
                throw ApiException.validation("organization_id", "must be an existing organization");
            }
        }).chain(() -> writes.commit(roles.persistAndFlush(r).chain(() -> history.first(r)), changed(r, "created")));
    }

    @WithTransaction
    public Uni<RoleView> patch(String id, JsonPatch patch) {
        return manageable(id).flatMap(r -> patch(r, patch));
    }

    @WithTransaction
    public Uni<RoleView> setStatus(String id, Status status, String verb) {
        return manageable(id).flatMap(r -> setStatus(r, status, verb));
    }

    // ---- versions ----

    /** The versions of a role, newest first. */
    @WithSession
    public Uni<Page<RoleVersionView>> versions(String id, PageRequest page) {
        return readable(id).flatMap(r -> versions.page(id, page))
                .map(rows -> Page.of(rows, page.limit(), v -> v.createdAt, v -> String.valueOf(v.version), RoleVersionView::of));
    }

    @WithSession
    public Uni<RoleVersionView> version(String id, String number) {
        int n = versionNumber(number);
        return readable(id).flatMap(r -> versions.of(id, n))
                .onItem().ifNull().failWith(() -> ApiException.notFound("role_version", number))
                .map(RoleVersionView::of);
    }

    /**
     * Makes the state and permission set of version {@code body.version} the role's next version:
     * role-permissions of permissions outside that set are revoked, those missing are created. A
     * permission of that set that no longer exists is 409 naming it.
     */
    @WithTransaction
    public Uni<RoleVersionView> rollback(String id, RoleRollback body) {
        if (body == null || body.version() == null) {
            throw ApiException.validation("version", "is required");
        }
        if (body.version() < 1) {
            throw ApiException.validation("version", "must be a version of this role (1 or more)");
        }
        int n = body.version();
        return manageable(id).flatMap(role -> versions.of(id, n).flatMap(target -> {
            if (target == null) {
                throw ApiException.validation("version", "must be an existing version of this role");
            }
            List<String> wanted = List.copyOf(new TreeSet<>(target.permissionIds == null ? List.of() : target.permissionIds));
            return existing(wanted).invoke(found -> {
                        for (String permissionId : wanted) {
                            if (!found.contains(permissionId)) {
                                throw ApiException.conflict("role", "permission " + permissionId + " of version " + n
                                        + " no longer exists; it cannot be restored");
                            }
                        }
                    })
                    .chain(() -> history.keep(role))
                    .chain(() -> versions.activePermissions(id))
                    .flatMap(current -> restore(role, target, wanted, current));
        }));
    }

    private Uni<RoleVersionView> restore(Role role, RoleVersion target, List<String> wanted, List<String> current) {
        List<String> removed = current.stream().filter(p -> !wanted.contains(p)).sorted().toList();
        List<String> added = wanted.stream().filter(p -> !current.contains(p)).toList();
        if (!removed.isEmpty() || !added.isEmpty()) {
            access.requireToChangePermissions(role);
        }
        var now = request.now();
        Uni<Void> permissionChanges = Uni.createFrom().voidItem();
        for (String permissionId : removed) {
            permissionChanges = permissionChanges.chain(() -> versions.revoke(role.id, permissionId, now)).replaceWithVoid();
        }
        for (String permissionId : added) {
            String rpId = Ids.generate("rp");
            permissionChanges = permissionChanges.chain(() -> versions.add(rpId, role.id, permissionId, now)).replaceWithVoid();
        }
        role.name = target.name;
        role.description = target.description;
        role.status = target.status;
        Uni<Void> next = history.bump(role, "rolled_back", target.version);
        RoleVersionView after = new RoleVersionView(role.id, role.version, role.name, role.description, role.status, wanted,
                "rolled_back", target.version, role.updatedAt, request.caller().userId());
        Mutation<RoleVersionView> mutation = new Mutation<>("role", "rolled_back", role.id, role.spaceId, after)
                .with("restored_version", target.version).with("permissions_added", added)
                .with("permissions_removed", removed);
        return writes.commit(permissionChanges.chain(() -> next), mutation);
    }

    /** The ids among {@code ids} that name a permission. */
    private Uni<Set<String>> existing(List<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return permissions.list("id in ?1", ids).map(found -> {
            Set<String> out = new TreeSet<>();
            for (Permission p : found) {
                out.add(p.id);
            }
            return out;
        });
    }

    /** A version number of a path: 404 for anything but a whole number from 1, as for a version that does not exist. */
    private static int versionNumber(String number) {
        try {
            int n = Integer.parseInt(number);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // not a version
        }
        throw ApiException.notFound("role_version", number);
    }

    // ---- shared ----

    private Role newRole(String id, String key, String name, String description) {
        Role r = new Role();
        r.id = Ids.givenOrNew(id, "role");
        r.key = key;
        r.name = name.trim();
        r.description = description;
        r.status = Status.ACTIVE;
        r.version = 1;
        r.createdAt = request.now();
        r.updatedAt = r.createdAt;
        return r;
    }

    private Uni<RoleView> patch(Role r, JsonPatch patch) {
        String name = r.name;
        if (patch.has("name")) {
            name = patch.text("name", true);
            if (name.isBlank()) {
                throw ApiException.validation("name", "must not be blank");
            }
            name = name.trim();
        }
        String description = patch.has("description") ? patch.text("description", false) : r.description;
        boolean change = !name.equals(r.name) || !java.util.Objects.equals(description, r.description);
        String newName = name;
        return keepIf(change, r).flatMap(v -> {
            r.name = newName;
            r.description = description;
            return save(r, "updated", change);
        });
    }

    private Uni<RoleView> setStatus(Role r, Status status, String verb) {
        boolean change = r.status != status;
        return keepIf(change, r).flatMap(v -> {
            r.status = status;
            return save(r, verb, change);
        });
    }

    private Uni<Void> keepIf(boolean change, Role r) {
        return change ? history.keep(r) : Uni.createFrom().voidItem();
    }

    /** A change makes the next version; a write that changes nothing (the same name, disabling a disabled role) is audited and keeps the version. */
    private Uni<RoleView> save(Role r, String verb, boolean change) {
        Uni<Void> write;
        if (change) {
            write = history.bump(r, verb, 0);
        } else {
            r.updatedAt = request.now();
            write = roles.flush().replaceWithVoid();
        }
        return writes.commit(write, changed(r, verb));
    }

    private Uni<Role> forChange(String spaceId, String id) {
        return roles.inSpaceForChange(spaceId, id).onItem().ifNull().failWith(() -> ApiException.notFound("role", id));
    }

    private Uni<Role> readable(String id) {
        return roles.findById(id).onItem().ifNull().failWith(() -> ApiException.notFound("role", id))
                .invoke(access::requireReadable);
    }

    private Uni<Role> manageable(String id) {
        return history.lock(id).onItem().ifNull().failWith(() -> ApiException.notFound("role", id))
                .invoke(access::requireManageable);
    }

    private static Mutation<RoleView> changed(Role r, String verb) {
        return new Mutation<>("role", verb, r.id, r.spaceId, RoleView.of(r));
    }
}
