package io.plystra.access.permission;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.kernel.KeysetQuery;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class PermissionRepository implements PanacheRepositoryBase<Permission, String> {

    public static final Set<String> SCOPES = Set.of("self", "group", "group_tree", "space", "global");

    /** Up to {@code limit + 1} permissions after the cursor, oldest first, narrowed by the optional filters. */
    public Uni<List<Permission>> page(PageRequest page, String resource, String action, String scope, String status) {
        return KeysetQuery.after(page).eq("resource", resource).eq("action", action)
                .oneOf("scope", "scope", scope, SCOPES).status(status, Status.DISABLEABLE)
                .list(this);
    }

    /** The permission of this resource, action and scope (the triple is unique), or null. */
    public Uni<Permission> byTriple(String resource, String action, String scope) {
        return find("resource = ?1 and action = ?2 and scope = ?3", resource, action, scope).firstResult();
    }
}
