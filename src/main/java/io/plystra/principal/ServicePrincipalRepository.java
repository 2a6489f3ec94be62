package io.plystra.principal;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.kernel.KeysetQuery;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ServicePrincipalRepository implements PanacheRepositoryBase<ServicePrincipal, String> {

    public Uni<List<ServicePrincipal>> page(PageRequest page, String spaceId, String status) {
        return KeysetQuery.after(page).eq("spaceId", spaceId).status(status, Status.DISABLEABLE).list(this);
    }
}
