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

    /** Jackson coerced scalars: {@code "resource_id": 123} was read as "123" and decided. */
    @Test
    void aValueOfTheWrongJsonTypeIs400NamingTheField() {
        String[][] cases = {
                {"\"resource_id\":123", "resource_id"},
                {"\"resource_id\":true", "resource_id"},
                {"\"resource_id\":1.5", "resource_id"},
                {"\"resource_id\":[\"invoice_001\"]", "resource_id"},
                {"\"resource_id\":{\"id\":\"invoice_001\"}", "resource_id"},
        };
        for (String[] c : cases) {
            String body = "{" + ACTOR + ",\"resource_type\":\"invoice\"," + c[0] + ",\"action\":\"approve\"}";
            asAdmin().body(body).post("/api/v1/authz/check").then().statusCode(400)
                    .body("error.code", equalTo("VALIDATION_FAILED"))
                    .body("error.details.fields." + c[1], org.hamcrest.Matchers.notNullValue());
        }
        asAdmin().body("{" + ACTOR.replace("\"user_alice\"", "42") + ",\"resource_type\":\"invoice\",\"resource_id\":\"invoice_001\","
                        + "\"action\":\"approve\"}")
                .post("/api/v1/authz/check").then().statusCode(400)
                .body("error.details.fields.'actor.user_id'", org.hamcrest.Matchers.notNullValue());
        asAdmin().body("{\"user_id\":\"user_alice\",\"member_id\":\"member_finance_reviewer\",\"relation_type\":\"self\","
                        + "\"is_primary\":\"yes\"}")
                .post("/api/v1/spaces/space_acme/user-members").then().statusCode(400)
                .body("error.details.fields.is_primary", org.hamcrest.Matchers.notNullValue());
        asAdmin().body("{\"name\":7}").post("/api/v1/spaces").then().statusCode(400)
                .body("error.details.fields.name", org.hamcrest.Matchers.notNullValue());
    }

    /** Old clients' flat actor fields are refused with the nested form to send; elsewhere the same name is just unknown. */
    @Test
    void flatActorFieldsAreRefusedNamingTheNestedForm() {
        asAdmin().body("{\"actor_user_id\":\"user_alice\",\"resource_type\":\"invoice\",\"resource_id\":\"invoice_001\","
                        + "\"action\":\"approve\"}")
                .post("/api/v1/authz/check").then().statusCode(400)
                .body("error.details.fields.actor_user_id", equalTo("flat actor fields are not accepted; send the nested form actor.user_id"));
        asAdmin().body("{\"name\":\"x\",\"space_id\":\"space_acme\"}").post("/api/v1/spaces").then().statusCode(400)
                .body("error.details.fields.space_id", equalTo("unknown field"));
    }

    /** Values that reached the database or the stack as 500s: each is a 400 naming the field and the limit. */
    @Test
    void oversizedTextAndNumbersOutOfRangeAre400NamingTheLimit() {
        asAdmin().body("{\"name\":\"" + "n".repeat(1_000_000) + "\"}").patch("/api/v1/spaces/space_acme").then().statusCode(400)
                .body("error.details.fields.name", equalTo("must be at most 256 characters"));
        asAdmin().body("{\"name\":\"" + "n".repeat(257) + "\"}").patch("/api/v1/spaces/space_acme").then().statusCode(400)
                .body("error.details.fields.name", equalTo("must be at most 256 characters"));
        asAdmin().body(java.util.Map.of("resource_type", "invoice", "display_name", "x", "id", "r".repeat(257)))
                .post("/api/v1/spaces/space_acme/resources").then().statusCode(400)
                .body("error.details.fields.id", equalTo("must be at most 256 characters"));
        java.util.Map<String, Object> bulky = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            bulky.put("k" + i, "v".repeat(500));
        }
        asAdmin().body(java.util.Map.of("resource_type", "invoice", "display_name", "x", "metadata", bulky))
                .post("/api/v1/spaces/space_acme/resources").then().statusCode(400)
                .body("error.details.fields.metadata", equalTo("must be at most 16384 bytes of JSON"));
        asAdmin().body("{\"resource_type\":\"invoice\",\"display_name\":\"x\",\"metadata\":{\"a\":1e1000000}}")
                .post("/api/v1/spaces/space_acme/resources").then().statusCode(400)
                .body("error.details.fields.'metadata.a'", equalTo("is a number out of range"));
        String deepPath = "a" + ".a".repeat(3_000);
        asAdmin().body("{\"path\":\"" + deepPath + "\"}").post("/api/v1/spaces/space_acme/groups").then().statusCode(400)
                .body("error.details.fields.path", equalTo("must be at most 1024 characters"));
        asAdmin().body("{\"path\":\"" + "p".repeat(9_000) + "\"}").post("/api/v1/spaces/space_acme/groups").then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_FAILED"));
    }
}
