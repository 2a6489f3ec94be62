package io.plystra.testsupport;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** What every admin CRUD test checks the same way: a paginated walk, and the audit rows of an entity. */
public final class AdminApi {

    private AdminApi() {
    }

    /**
     * Walks a list route as the admin with {@code limit=2}, following {@code next_cursor} to the end, and
     * returns the ids in the order seen. Fails when an id comes twice, a page is too long, or
     * {@code has_more} and {@code next_cursor} disagree.
     */
    public static List<String> walk(String path, Map<String, ?> filters) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            RequestSpecification request = Api.asAdmin().queryParam("limit", 2).queryParams(filters);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            Response page = request.get(path);
            page.then().statusCode(200).body("pagination.limit", equalTo(2));
            List<String> ids = page.path("data.id");
            assertTrue(ids.size() <= 2, "a page holds at most limit rows");
            for (String id : ids) {
                assertFalse(seen.contains(id), "seen twice: " + id);
                seen.add(id);
            }
            boolean more = page.path("pagination.has_more");
            cursor = page.path("pagination.next_cursor");
            assertEquals(more, cursor != null, "has_more exactly when there is a next cursor");
            pages++;
        } while (cursor != null && pages < 500);
        return seen;
    }

    /** The audit actions written for one entity id, oldest first. */
    public static List<Object> auditActions(String entityId) {
        return TestDatabase.rows("SELECT action FROM audit_logs WHERE resource_id = ? ORDER BY created_at, id", entityId)
                .stream().map(r -> r.get("action")).toList();
    }

    /** One column of the latest audit row written for an entity id. */
    public static Object lastAudit(String entityId, String column) {
        return TestDatabase.rows("SELECT " + column + " AS v FROM audit_logs WHERE resource_id = ? ORDER BY created_at DESC, id DESC LIMIT 1",
                entityId).get(0).get("v");
    }
}
