package io.plystra.identity.space;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.kernel.KeysetQuery;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class SpaceRepository implements PanacheRepositoryBase<Space, String> {

    /** Up to {@code limit + 1} spaces after the cursor, oldest first; {@code only} null means every space. */
    public Uni<List<Space>> page(PageRequest page, Set<String> only, String status, String organizationId) {
        return KeysetQuery.after(page)
                .where("id in :only", "only", only == null ? null : only.isEmpty() ? Set.of("") : only)
                .eq("organizationId", organizationId)
                .status(status, Status.DISABLEABLE)
                .list(this);
    }
}
