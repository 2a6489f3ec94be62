package io.plystra.access.role;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

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

    /** As {@link #inSpace}, the row locked until the transaction ends: changes of one role (and its versions) go one at a time. */
    public Uni<Role> inSpaceForChange(String spaceId, String id) {
        return find("id = ?1 and spaceId = ?2", id, spaceId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** The role with this id, whatever its level, locked until the transaction ends; null when none. */
    public Uni<Role> forChange(String id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Up to {@code limit + 1} roles of the space after the cursor, oldest first; a bad status filter is 400 at once. */
    public Uni<List<Role>> page(String spaceId, PageRequest page, String status) {
        return KeysetQuery.after(page).eq("spaceId", spaceId).status(status, Status.DISABLEABLE).list(this);
    }

    /** Up to {@code limit + 1} global roles after the cursor, oldest first; a bad status filter is 400 at once. */
    public Uni<List<Role>> globalPage(PageRequest page, String status) {
        return KeysetQuery.after(page).eq("level", Role.GLOBAL).status(status, Status.DISABLEABLE).list(this);
    }
}
