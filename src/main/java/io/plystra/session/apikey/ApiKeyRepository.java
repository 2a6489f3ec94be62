package io.plystra.session.apikey;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.kernel.KeysetQuery;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, String> {

    /**
     * Up to {@code limit + 1} keys after the cursor, oldest first; {@code only} null means keys of every
     * space and instance-wide ones, else only the keys of those spaces.
     */
    public Uni<List<ApiKey>> page(PageRequest page, Set<String> only, String status) {
        return KeysetQuery.after(page)
                .where("spaceId in :only", "only", only == null ? null : only.isEmpty() ? Set.of("") : only)
                .status(status, Status.REVOCABLE)
                .list(this);
    }
}
