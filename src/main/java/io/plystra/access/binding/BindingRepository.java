package io.plystra.access.binding;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** What a binding refers to and is checked against when it is written: teams, permissions. */
@ApplicationScoped
public class BindingRepository {

    public Uni<Boolean> teamInSpace(String teamId, String spaceId) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery("SELECT id FROM teams WHERE id = ?1 AND space_id = ?2",
                String.class).setParameter(1, teamId).setParameter(2, spaceId).getResultList()).map(rows -> !rows.isEmpty());
    }

    /** The permission's resource type, or null when no such permission exists. */
    public Uni<String> permissionResource(String permissionId) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery("SELECT resource FROM permissions WHERE id = ?1",
                String.class).setParameter(1, permissionId).getResultList()).map(rows -> rows.isEmpty() ? null : rows.get(0));
    }
}
