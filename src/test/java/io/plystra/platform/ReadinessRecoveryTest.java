package io.plystra.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.plystra.dev.EmbeddedPostgres;
import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.PostgresTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Ready turns 503 while the database is down and comes back by itself, without a restart. */
@QuarkusTest
@TestProfile(DemoProfile.class)
class ReadinessRecoveryTest {

    @Test
    void readyFollowsTheDatabaseDownAndBackUp() {
        EmbeddedPostgres pg = PostgresTestResource.server();
        Assumptions.assumeTrue(pg != null, "needs the embedded test database");
        given().get("/api/v1/ready").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);

        pg.close();
        try {
            Instant stopped = Instant.now();
            given().get("/api/v1/ready").then().statusCode(503)
                    .header("X-Plystra-Error-Code", "NOT_READY")
                    .body("error.code", equalTo("NOT_READY"));
            given().get("/q/health/ready").then().statusCode(503);
            given().get("/api/v1/health").then().statusCode(200).body("data.status", equalTo("ok"));
            assertTrue(Duration.between(stopped, Instant.now()).toSeconds() < 2, "503 within 2 s of the outage");
        } finally {
            pg.restart(false);
        }
        Instant restarted = Instant.now();
        int status = 0;
        while (Duration.between(restarted, Instant.now()).toSeconds() < 10 && status != 200) {
            status = given().get("/api/v1/ready").statusCode();
        }
        assertTrue(status == 200, "ready again after the database came back, last status " + status);
        given().get("/q/health/ready").then().statusCode(200);
    }
}
