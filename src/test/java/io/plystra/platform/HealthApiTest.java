package io.plystra.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.plystra.testsupport.DemoProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(DemoProfile.class)
class HealthApiTest {

    @Test
    void publicRoutesAnswerWithoutCredentials() {
        given().get("/api/v1/health").then().statusCode(200).body("data.status", equalTo("ok"));
        given().get("/api/v1/ready").then().statusCode(200)
                .body("data.status", equalTo("ready"))
                .body("data.schema_version", equalTo(Readiness.EXPECTED_SCHEMA_VERSION))
                .body("data.trace_version", equalTo("1.0"));
        given().get("/api/v1/version").then().statusCode(200)
                .body("data.api_version", equalTo("v1"))
                .body("data.trace_version", equalTo("1.0"))
                .body("data.resource_registry_version", equalTo("1.0"))
                .body("data.core_version", not(equalTo("unknown")))
                .body("data.build_time", not(equalTo("unknown")));
    }

    @Test
    void metricsAreDisabledByDefault() {
        given().get("/metrics").then().statusCode(404)
                .header("X-Plystra-Error-Code", "FEATURE_DISABLED")
                .body("error.code", equalTo("FEATURE_DISABLED"));
    }

    @Test
    void systemAliasesDoNotExist() {
        given().get("/api/v1/system/health").then().statusCode(404).body("error.code", equalTo("NOT_FOUND"));
        given().get("/system/health").then().statusCode(404);
    }

    @Test
    void expectedSchemaVersionIsTheNewestMigration() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            String newest = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .map(n -> n.substring(1, n.indexOf("__")))
                    .max(String::compareTo).orElseThrow();
            assertEquals(newest, Readiness.EXPECTED_SCHEMA_VERSION);
        }
    }
}
