package io.plystra.platform;

import static io.plystra.testsupport.Api.asAdmin;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.plystra.testsupport.DemoProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A decision body is read one way only. A key given twice, content after the JSON value, or a body
 * in UTF-16 were accepted (the last duplicate won, the rest was ignored, the encoding guessed), so
 * the demo's allowed case wrapped in any of them was allowed although a gateway or log reading the
 * same bytes could see another request. They are 400 now.
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
class StrictJsonTest {

    static final String ACTOR = "\"actor\":{\"user_id\":\"user_alice\",\"member_id\":\"member_finance_reviewer\","
            + "\"user_member_id\":\"um_alice_finance_reviewer\",\"space_id\":\"space_acme\"}";
    static final String ALLOWED = "{" + ACTOR + ",\"resource_type\":\"invoice\",\"resource_id\":\"invoice_001\",\"action\":\"approve\"}";

    @Test
    void theAllowedCaseStillAllows() {
        asAdmin().body(ALLOWED).post("/api/v1/authz/check").then().statusCode(200).body("data.decision", equalTo("allow"));
    }

    @Test
    void duplicateKeysAre400() {
        asAdmin().body("{" + ACTOR + ",\"resource_type\":\"invoice\",\"resource_id\":\"invoice_002\",\"resource_id\":\"invoice_001\","
                        + "\"action\":\"approve\"}")
                .post("/api/v1/authz/check").then().statusCode(400).body("error.code", equalTo("VALIDATION_FAILED"));
        asAdmin().body("{\"name\":\"a\",\"name\":\"b\"}").post("/api/v1/spaces").then().statusCode(400);
    }

    @Test
    void contentAfterTheBodyIs400() {
        for (String tail : new String[] {"}", "x", "{}", ",\"action\":\"delete\""}) {
            asAdmin().body(ALLOWED + tail).post("/api/v1/authz/check").then().statusCode(400)
                    .body("error.code", equalTo("VALIDATION_FAILED"));
        }
    }

    @Test
    void bodiesThatAreNotUtf8Are400() {
        asAdmin().contentType("application/json").body(ALLOWED.getBytes(StandardCharsets.UTF_16)).post("/api/v1/authz/check")
                .then().statusCode(400).body("error.details.fields.body", equalTo("must be JSON in UTF-8"));
        asAdmin().contentType("application/json").body(ALLOWED.getBytes(StandardCharsets.UTF_16LE)).post("/api/v1/authz/check")
                .then().statusCode(400);
    }
}
