package io.plystra.platform;

import java.util.List;

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
                .body("components.schemas.DenyCode.enum.size()", org.hamcrest.Matchers.equalTo(io.plystra.authz.engine.DenyCode.values().length))
                .body("components.schemas.DenyCode.enum", org.hamcrest.Matchers.hasItems("ROUTE_NOT_MAPPED", "SCOPE_OUT_OF_BOUNDS"))
                .body("components.schemas.ErrorCode.enum", org.hamcrest.Matchers.hasItems("VALIDATION_FAILED", "OVERLOADED"))
                .body("components.schemas.Decision.properties.matched_candidates.type", org.hamcrest.Matchers.equalTo("array"));
    }

    /** Envelopes, error answers and permissions come from the code's declarations (platform/OpenApiDocument). */
    @Test
    void everyOperationSaysItsEnvelopeErrorsAndPermission() {
        var doc = given().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
        String get = "paths.'/api/v1/spaces/{id}'.get";
        org.junit.jupiter.api.Assertions.assertEquals(List.of("data", "request_id"),
                doc.getList(get + ".responses.'200'.content.'application/json'.schema.required"));
        for (String status : new String[] {"401", "403", "404", "500"}) {
            org.junit.jupiter.api.Assertions.assertEquals("#/components/schemas/ErrorEnvelope",
                    doc.getString(get + ".responses.'" + status + "'.content.'application/json'.schema.$ref"), status);
        }
        org.junit.jupiter.api.Assertions.assertTrue(doc.getString(get + ".description").contains("`spaces:read`"));
        org.junit.jupiter.api.Assertions.assertEquals(List.of("data", "pagination", "request_id"),
                doc.getList("paths.'/api/v1/spaces'.get.responses.'200'.content.'application/json'.schema.required"));
        String login = "paths.'/api/v1/auth/login'.post";
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), doc.getList(login + ".security"));
        org.junit.jupiter.api.Assertions.assertNull(doc.get(login + ".responses.'403'"));
    }

    @Test
    void swaggerUiIsOffByDefault() {
        given().get("/q/swagger-ui/").then().statusCode(404);
    }
}
