package io.plystra.identity;

import static io.plystra.testsupport.Api.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.restassured.response.Response;

/** Walks a list route two rows at a time, following next_cursor to the end, and fails if a row comes twice. */
final class PageWalk {

    private PageWalk() {
    }

    /** The ids of every row of {@code path} (with {@code filters}), in page order. */
    static List<String> ids(String path, Map<String, ?> filters) {
        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, Object> query = new HashMap<>(filters);
            query.put("limit", 2);
            if (cursor != null) {
                query.put("cursor", cursor);
            }
            Response page = asAdmin().queryParams(query).get(path);
            page.then().statusCode(200).body("pagination.limit", equalTo(2));
            List<String> ids = page.path("data.id");
            assertTrue(ids.size() <= 2, "a page holds at most limit rows");
            for (String id : ids) {
                assertTrue(seen.add(id), "seen twice: " + id);
                order.add(id);
            }
            boolean more = page.path("pagination.has_more");
            cursor = page.path("pagination.next_cursor");
            assertEquals(more, cursor != null, "has_more is true exactly when there is a next cursor");
            pages++;
        } while (cursor != null && pages < 500);
        assertTrue(cursor == null, "the walk reached the last page");
        return order;
    }
}
