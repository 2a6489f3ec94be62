package io.plystra.identity;

import java.util.List;

import io.plystra.platform.ApiException;
import io.plystra.platform.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

/** One page of an identity list: rows after the cursor, oldest first, narrowed by the filters the request named. */
public final class KeysetQuery {

    private final PageRequest page;
    private final StringBuilder where = new StringBuilder("1 = 1");
    private final Parameters params = new Parameters();

    public KeysetQuery(PageRequest page) {
        this.page = page;
        if (!page.first()) {
            where.append(" and (createdAt > :afterAt or (createdAt = :afterAt and id > :afterId))");
            params.and("afterAt", page.afterCreatedAt()).and("afterId", page.afterId());
        }
    }

    /** Adds {@code clause} (which uses {@code :name}) unless {@code value} is null, the filter not being asked for. */
    public KeysetQuery and(String clause, String name, Object value) {
        if (value != null) {
            where.append(" and ").append(clause);
            params.and(name, value);
        }
        return this;
    }

    /** The {@code ?status=} filter; 400 naming {@code status} when it is not one of {@code allowed}. */
    public KeysetQuery status(String status, List<String> allowed) {
        if (status != null && !allowed.contains(status)) {
            throw ApiException.validation("status", "must be one of " + allowed);
        }
        return and("status = :status", "status", status);
    }

    /** Up to {@code limit + 1} rows: the extra one only tells {@link io.plystra.platform.Page} that more exist. */
    public <E> Uni<List<E>> fetch(PanacheRepositoryBase<E, String> repository) {
        return repository.find(where + " order by createdAt, id", params).range(0, page.limit()).list();
    }
}
