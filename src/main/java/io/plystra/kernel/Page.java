package io.plystra.kernel;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a keyset-paginated list. Lists are ordered by (created_at, id) — ascending for
 * entities, descending for audit logs — and the cursor is the position of the page's last row, so
 * rows inserted meanwhile never shift a page, repeat or vanish.
 */
public record Page<T>(List<T> items, ApiResponse.Pagination pagination) {

    /**
     * Builds the page from up to {@code limit + 1} rows fetched after the cursor: the extra row only
     * tells that more exist.
     */
    public static <R, T> Page<T> of(List<R> rows, int limit, Function<R, Instant> createdAt, Function<R, String> id,
                                    Function<R, T> view) {
        boolean more = rows.size() > limit;
        List<R> shown = more ? rows.subList(0, limit) : rows;
        String next = null;
        if (more) {
            R last = shown.get(shown.size() - 1);
            next = PageRequest.cursor(createdAt.apply(last), id.apply(last));
        }
        return new Page<>(shown.stream().map(view).toList(), new ApiResponse.Pagination(limit, next, more));
    }
}
