package io.plystra.registry.resource;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.kernel.KeysetQuery;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ResourceRepository implements PanacheRepositoryBase<Resource, Resource.Key> {

    /** The resource with this id in this space, or null. */
    public Uni<Resource> inSpace(String spaceId, String id) {
        return find("id = ?1 and spaceId = ?2", id, spaceId).firstResult();
    }

    /** The resources of this type with this id, one per space at most. */
    public Uni<List<Resource>> ofType(String resourceType, String id) {
        return find("resourceType = ?1 and id = ?2", resourceType, id).list();
    }

    /** Up to {@code limit + 1} resources of the space after the cursor, oldest first; a bad status filter is 400 at once. */
    public Uni<List<Resource>> page(String spaceId, PageRequest page, ResourceFilter filter) {
        return KeysetQuery.after(page).eq("spaceId", spaceId).eq("resourceType", filter.resourceType())
                .eq("groupId", filter.groupId()).eq("ownerMemberId", filter.ownerMemberId())
                .status(filter.status(), Status.ARCHIVABLE)
                .list(this);
    }
}
