package io.plystra.principal;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.kernel.KeysetQuery;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ServiceKeyRepository implements PanacheRepositoryBase<ServiceKey, String> {

    public Uni<List<ServiceKey>> page(PageRequest page, String serviceId, String status) {
        return KeysetQuery.after(page).eq("serviceId", serviceId).status(status, Status.REVOCABLE).list(this);
    }

    /** The key {@code id} of {@code serviceId}, else null: a key of another service is not found here. */
    public Uni<ServiceKey> ofService(String serviceId, String id) {
        return find("id = ?1 and serviceId = ?2", id, serviceId).firstResult();
    }
}
