package io.plystra.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.plystra.testsupport.DemoProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The OpenAPI document names the routes and uses the same snake_case fields as the API. */
@QuarkusTest
@TestProfile(DemoProfile.class)
class OpenApiDocumentTest {

    @Test
    void documentsDecisionRoutesWithSnakeCaseFields() {
        given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/api/v1/authz/check"))
                .body(containsString("/api/v1/authz/explain"))
                .body(containsString("\"risk_level\""))
                .body(containsString("\"user_member_id\""))
                .body(not(containsString("\"riskLevel\"")));
    }

    @Test
    void documentsSecurityEnvelopeErrorAndDenyCodes() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("components.securitySchemes.bearer.scheme", org.hamcrest.Matchers.equalTo("bearer"))
                .body("components.schemas.ErrorEnvelope.required", org.hamcrest.Matchers.hasItems("error", "request_id"))
                .body("components.schemas.DenyCode.enum.size()", org.hamcrest.Matchers.equalTo(16))
                .body("components.schemas.ErrorCode.enum", org.hamcrest.Matchers.hasItems("VALIDATION_FAILED", "OVERLOADED"))
                .body("components.schemas.Decision.properties.matched_candidates.type", org.hamcrest.Matchers.equalTo("array"));
    }
}
