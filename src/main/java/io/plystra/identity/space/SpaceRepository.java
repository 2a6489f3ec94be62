package io.plystra.identity.space;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.platform.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class SpaceRepository implements PanacheRepositoryBase<Space, String> {

    /** Up to {@code limit + 1} spaces after the cursor, oldest first; {@code only} null means every space. */
    public Uni<List<Space>> page(PageRequest page, Set<String> only, String status) {
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (!page.first()) {
            where.append(" and (createdAt > :at or (createdAt = :at and id > :id))");
            params.and("at", page.afterCreatedAt()).and("id", page.afterId());
        }
        if (only != null) {
            where.append(" and id in :only");
            params.and("only", only.isEmpty() ? Set.of("") : only);
        }
        if (status != null) {
            where.append(" and status = :status");
            params.and("status", status);
        }
        return find(where + " order by createdAt, id", params).range(0, page.limit()).list();
    }
}
