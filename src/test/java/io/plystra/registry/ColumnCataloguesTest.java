package io.plystra.registry;

import static io.plystra.testsupport.Api.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.plystra.access.AccessFixtures;
import io.plystra.registry.column.ColumnCatalogues;
import io.plystra.registry.column.ColumnCatalogues.Columns;
import io.plystra.testsupport.DemoProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The catalogue and groups column decisions read, as bitmaps, following every change of the type's columns and groups. */
@QuarkusTest
@TestProfile(DemoProfile.class)
class ColumnCataloguesTest {

    @Inject
    ColumnCatalogues catalogues;

    Columns load(String type) {
        return catalogues.load(type).await().atMost(Duration.ofSeconds(5));
    }

    Columns eventually(String type, Predicate<Columns> done) throws InterruptedException {
        long until = System.nanoTime() + 2_000_000_000L;
        Columns c = load(type);
        while (!done.test(c) && System.nanoTime() < until) {
            Thread.sleep(10);
            c = load(type);
        }
        return c;
    }

    @Test
    void catalogueAndGroupsFollowTheirChanges() throws Exception {
        String type = AccessFixtures.type("read");
        Columns none = load(type);
        assertEquals(0, none.catalogue().size());
        assertTrue(none.groups().isEmpty());
        asAdmin().body(Map.of("columns", List.of(Map.of("name", "id"), Map.of("name", "email"), Map.of("name", "phone"))))
                .put("/api/v1/resource-types/" + type + "/columns").then().statusCode(200);
        asAdmin().body(Map.of("key", "pii", "columns", List.of("phone", "email")))
                .post("/api/v1/resource-types/" + type + "/column-groups").then().statusCode(201);
        Columns loaded = eventually(type, c -> c.groups().containsKey("pii"));
        assertEquals(List.of("id", "email", "phone"), loaded.catalogue().names());
        assertEquals(List.of("email", "phone"), loaded.groups().get("pii").names());
        assertTrue(loaded.groups().get("pii").contains("email"));
        assertEquals(List.of("email", "phone"), loaded.union(List.of("pii", "unknown")).names());
        assertEquals(loaded, load(type), "cached: the same value again");

        asAdmin().body(Map.of("columns", List.of("id"))).patch("/api/v1/resource-types/" + type + "/column-groups/pii")
                .then().statusCode(200);
        assertEquals(List.of("id"), eventually(type, c -> c.groups().get("pii").names().equals(List.of("id")))
                .groups().get("pii").names());
        asAdmin().body(Map.of("columns", List.of(Map.of("name", "id"), Map.of("name", "name"))))
                .put("/api/v1/resource-types/" + type + "/columns").then().statusCode(200);
        assertEquals(List.of("id", "name"), eventually(type, c -> c.catalogue().size() == 2).catalogue().names());
        asAdmin().delete("/api/v1/resource-types/" + type + "/column-groups/pii").then().statusCode(200);
        assertTrue(eventually(type, c -> c.groups().isEmpty()).groups().isEmpty());
        assertNull(load("type_never_registered").resourceTypeId());
    }
}
