package io.plystra.identity.group;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.kernel.KeysetQuery;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class GroupRepository implements PanacheRepositoryBase<Group, String> {

    public Uni<List<Group>> page(PageRequest page, String spaceId, String status) {
        return KeysetQuery.after(page).eq("spaceId", spaceId).status(status, Status.DISABLEABLE).list(this);
    }

    /** The group {@code id} if it lives in {@code spaceId}, else null: a group of another space is not found here. */
    public Uni<Group> inSpace(String spaceId, String id) {
        return find("id = ?1 and spaceId = ?2", id, spaceId).firstResult();
    }

    /** Every group of the space, parents before their children. */
    public Uni<List<Group>> allOf(String spaceId) {
        return list("spaceId = ?1 order by path", spaceId);
    }
}
