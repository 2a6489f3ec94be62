package io.plystra.access.role;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class RoleRepository implements PanacheRepositoryBase<Role, String> {

    /** The role with this id in this space, or null. */
    public Uni<Role> inSpace(String spaceId, String id) {
        return find("id = ?1 and spaceId = ?2", id, spaceId).firstResult();
    }
}
