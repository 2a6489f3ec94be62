package io.plystra.identity;

import static io.plystra.testsupport.Api.as;
import static io.plystra.testsupport.Api.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.plystra.testsupport.Api;
import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

@QuarkusTest
@TestProfile(DemoProfile.class)
class SpaceApiTest {

    @Test
    void createsReadsPatchesDisablesAndRestoresWithAnAuditRowEach() {
        String id = "space_t_" + System.nanoTime();
        String revision = asAdmin().body(Map.of("id", id, "name", "Test Space", "slug", id.replace('_', '-')))
                .post("/api/v1/spaces").then().statusCode(201).body("data.id", equalTo(id)).body("data.status", equalTo("active"))
                .extract().header("X-Plystra-Revision");
        assertTrue(revision != null && revision.matches("[0-9]+\\.[A-Za-z0-9_-]{22}"), "a mutation names its revision: " + revision);
        assertEquals(revision.substring(0, revision.indexOf('.')), TestDatabase.rows(
                "SELECT chain_seq FROM audit_logs WHERE resource_id = ? AND action = 'space.created'", id).get(0).get("chain_seq").toString());
        asAdmin().get("/api/v1/spaces/" + id).then().statusCode(200).body("data.name", equalTo("Test Space"));
        asAdmin().body(Map.of("name", "Renamed")).patch("/api/v1/spaces/" + id).then().statusCode(200)
                .body("data.name", equalTo("Renamed")).body("data.slug", equalTo(id.replace('_', '-')));
        asAdmin().post("/api/v1/spaces/" + id + "/disable").then().statusCode(200).body("data.status", equalTo("disabled"));
        asAdmin().post("/api/v1/spaces/" + id + "/restore").then().statusCode(200).body("data.status", equalTo("active"));

        List<Object> actions = TestDatabase.rows("SELECT action FROM audit_logs WHERE resource_id = ? ORDER BY created_at, id", id)
                .stream().map(r -> r.get("action")).toList();
        assertEquals(List.of("space.created", "space.updated", "space.disabled", "space.restored"), actions);
        assertEquals("user_alice", TestDatabase.rows("SELECT actor_user_id FROM audit_logs WHERE resource_id = ? LIMIT 1", id)
                .get(0).get("actor_user_id"));
    }

    @Test
    void unknownIdIsNotFoundOnEveryRoute() {
        asAdmin().get("/api/v1/spaces/space_missing").then().statusCode(404).body("error.code", equalTo("SPACE_NOT_FOUND"));
        asAdmin().body(Map.of("name", "x")).patch("/api/v1/spaces/space_missing").then().statusCode(404);
        asAdmin().post("/api/v1/spaces/space_missing/disable").then().statusCode(404).body("error.code", equalTo("SPACE_NOT_FOUND"));
        asAdmin().post("/api/v1/spaces/space_missing/restore").then().statusCode(404);
    }

    @Test
    void duplicateIdOrSlugIsConflict() {
        asAdmin().body(Map.of("id", "space_acme", "name", "Again")).post("/api/v1/spaces").then().statusCode(409)
                .body("error.code", equalTo("SPACE_CONFLICT"));
        asAdmin().body(Map.of("name", "Slug clash", "slug", "acme")).post("/api/v1/spaces").then().statusCode(409);
    }

    @Test
    void badInputIsValidationFailure() {
        asAdmin().body(Map.of("slug", "x")).post("/api/v1/spaces").then().statusCode(400)
                .body("error.details.fields.name", equalTo("is required"));
        asAdmin().body(Map.of("id", "Bad Id!", "name", "x")).post("/api/v1/spaces").then().statusCode(400)
                .body("error.details.fields.id", equalTo("must match [a-z0-9][a-z0-9_.-]{0,127}"));
        asAdmin().body(Map.of("status", "disabled")).patch("/api/v1/spaces/space_acme").then().statusCode(400)
                .body("error.details.fields.status", equalTo("cannot be changed"));
        asAdmin().get("/api/v1/spaces?limit=0").then().statusCode(400).body("error.details.fields.limit", equalTo("must be a whole number from 1 to 200"));
        asAdmin().get("/api/v1/spaces?cursor=garbage").then().statusCode(400).body("error.details.fields.cursor", equalTo("is not a cursor this server issued"));
    }

    @Test
    void paginatedWalkSeesEveryRowOnceEvenWithInsertsBetweenPages() {
        String prefix = "space_walk_" + System.nanoTime() + "_";
        for (int i = 0; i < 5; i++) {
            asAdmin().body(Map.of("id", prefix + i, "name", "Walk " + i)).post("/api/v1/spaces").then().statusCode(201);
        }
        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = asAdmin().queryParam("limit", 2).queryParams(cursor == null ? Map.of() : Map.of("cursor", cursor))
                    .get("/api/v1/spaces");
            page.then().statusCode(200).body("pagination.limit", equalTo(2));
            List<String> ids = page.path("data.id");
            for (String id : ids) {
                assertTrue(seen.add(id), "seen twice: " + id);
                order.add(id);
            }
            boolean more = page.path("pagination.has_more");
            cursor = page.path("pagination.next_cursor");
            assertEquals(more, cursor != null);
            if (pages == 0) {
                asAdmin().body(Map.of("id", prefix + "late", "name", "Late")).post("/api/v1/spaces").then().statusCode(201);
            }
            pages++;
        } while (cursor != null && pages < 100);
        for (int i = 0; i < 5; i++) {
            assertTrue(seen.contains(prefix + i));
        }
        assertTrue(seen.contains(prefix + "late"), "a row inserted after the first page is reached later");
        assertTrue(seen.contains("space_acme"));
    }

    @Test
    void lastPageSaysNoMore() {
        asAdmin().queryParam("limit", 200).get("/api/v1/spaces").then().statusCode(200)
                .body("pagination.has_more", equalTo(false)).body("pagination.next_cursor", nullValue());
    }

    @Test
    void nonAdminIsForbidden() {
        as(Api.BOB).get("/api/v1/spaces").then().statusCode(403)
                .body("error.code", equalTo("ADMIN_PERMISSION_REQUIRED"))
                .body("error.details.permission", equalTo("spaces:read"));
        as(Api.BOB).body(Map.of("name", "Nope")).post("/api/v1/spaces").then().statusCode(403);
        assertFalse(TestDatabase.rows("SELECT 1 FROM spaces WHERE name = 'Nope'").size() > 0);
    }
}
