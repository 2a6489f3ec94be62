package io.plystra.gateway;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class GatewayRouteRepository implements PanacheRepositoryBase<GatewayRoute, String> {

    /** Every route of the space, active and disabled, by name. */
    public Uni<List<GatewayRoute>> ofSpace(String spaceId) {
        return find("spaceId = ?1 order by name", spaceId).list();
    }

    /** The space's default for unmapped requests: {@code deny} or {@code allow}. */
    public Uni<String> defaultOf(String spaceId) {
        return getSession().flatMap(s -> s.createNativeQuery("SELECT gateway_default FROM spaces WHERE id = ?1", String.class)
                .setParameter(1, spaceId).getSingleResult());
    }

    public Uni<Integer> setDefault(String spaceId, String value) {
        return getSession().flatMap(s -> s.createNativeQuery("UPDATE spaces SET gateway_default = ?1 WHERE id = ?2")
                .setParameter(1, value).setParameter(2, spaceId).executeUpdate());
    }

    public static boolean active(GatewayRoute r) {
        return r.status == Status.ACTIVE;
    }
}
