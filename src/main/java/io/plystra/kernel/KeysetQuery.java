package io.plystra.kernel;

import java.util.List;
import java.util.Set;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

/**
 * The HQL of one list page: the rows after the cursor in (createdAt, id) order, narrowed by optional
 * equality filters. A null filter value means "no filter"; a value outside an allowed set is 400
 * naming the filter.
 */
public final class KeysetQuery {

    private final int limit;
    private final StringBuilder where = new StringBuilder("1 = 1");
    private final Parameters params = new Parameters();

    private KeysetQuery(int limit) {
        this.limit = limit;
    }

    public static KeysetQuery after(PageRequest page) {
        KeysetQuery q = new KeysetQuery(page.limit());
        if (!page.first()) {
            q.where.append(" and (createdAt > :at or (createdAt = :at and id > :id))");
            q.params.and("at", page.afterCreatedAt()).and("id", page.afterId());
        }
        return q;
    }

    /** {@code field = value} when value is not null; the query parameter is named after the field. */
    public KeysetQuery eq(String field, Object value) {
        if (value != null) {
            where.append(" and ").append(field).append(" = :").append(field);
            params.and(field, value);
        }
        return this;
    }

    /** As {@link #eq}, but a value outside {@code allowed} is 400 naming {@code name}. */
    public KeysetQuery oneOf(String name, String field, String value, Set<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            throw ApiException.validation(name, "must be one of " + allowed.stream().sorted().toList());
        }
        return eq(field, value);
    }

    /** {@code status = value} when value is not null; a value outside {@code allowed} is 400 naming the {@code status} filter. */
    public KeysetQuery status(String value, Set<Status> allowed) {
        return eq("status", Status.parse(value, "status", allowed));
    }

    /** Any further condition with one named parameter (a subquery, a function); skipped when value is null. */
    public KeysetQuery where(String condition, String param, Object value) {
        if (value != null) {
            where.append(" and (").append(condition).append(")");
            params.and(param, value);
        }
        return this;
    }

    /** Up to {@code limit + 1} rows, oldest first: the extra row tells {@link Page} that more exist. */
    public <E> Uni<List<E>> list(PanacheRepositoryBase<E, ?> repository) {
        return repository.find(where + " order by createdAt, id", params).range(0, limit).list();
    }
}
