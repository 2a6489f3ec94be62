package io.plystra.registry.resource;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ResourceRepository implements PanacheRepositoryBase<Resource, String> {

    /** The resource with this id in this space, or null. */
    public Uni<Resource> inSpace(String spaceId, String id) {
        return find("id = ?1 and spaceId = ?2", id, spaceId).firstResult();
    }

    /** The resource of this type with this id, or null. */
    public Uni<Resource> ofType(String resourceType, String id) {
        return find("resourceType = ?1 and id = ?2", resourceType, id).firstResult();
    }
}
