package io.plystra.session;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.plystra.kernel.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

/**
 * One keyset page, oldest first, of entities that carry {@code createdAt}, {@code id} and a nullable
 * {@code spaceId} (admin grants, API keys): the caller sees every row, or only the rows of its spaces.
 */
public final class ScopedPage {

    private ScopedPage() {
    }

    /**
     * Up to {@code limit + 1} rows after the cursor.
     *
     * @param onlySpaces null for every row, else only rows whose spaceId is in the set
     * @param equalTo    entity field to value; null values are no filter (field names are code, never input)
     */
    public static <E> Uni<List<E>> find(PanacheRepositoryBase<E, String> repository, PageRequest page,
                                        Set<String> onlySpaces, Map<String, String> equalTo) {
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (!page.first()) {
            where.append(" and (createdAt > :at or (createdAt = :at and id > :id))");
            params.and("at", page.afterCreatedAt()).and("id", page.afterId());
        }
        if (onlySpaces != null) {
            where.append(" and spaceId in :only");
            params.and("only", onlySpaces.isEmpty() ? Set.of("") : onlySpaces);
        }
        equalTo.forEach((field, value) -> {
            if (value != null) {
                where.append(" and ").append(field).append(" = :").append(field);
                params.and(field, value);
            }
        });
        return repository.find(where + " order by createdAt, id", params).range(0, page.limit()).list();
    }
}
