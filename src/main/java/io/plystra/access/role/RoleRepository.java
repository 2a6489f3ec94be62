package io.plystra.access.role;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.kernel.KeysetQuery;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class RoleRepository implements PanacheRepositoryBase<Role, String> {

    /** The role with this id in this space, or null. */
    public Uni<Role> inSpace(String spaceId, String id) {
        return find("id = ?1 and spaceId = ?2", id, spaceId).firstResult();
    }

    /** Up to {@code limit + 1} roles of the space after the cursor, oldest first; a bad status filter is 400 at once. */
    public Uni<List<Role>> page(String spaceId, PageRequest page, String status) {
        return KeysetQuery.after(page).eq("spaceId", spaceId).status(status, Status.DISABLEABLE).list(this);
    }
}
