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

    public static boolean active(GatewayRoute r) {
        return r.status == Status.ACTIVE;
    }
}
