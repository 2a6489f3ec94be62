package io.plystra.testsupport;

import static io.plystra.testsupport.Api.asAdmin;
import static io.restassured.RestAssured.given;

import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Service principals for the tests: created over the API as alice, bound to roles, given keys. */
public final class ServicePrincipals {

    private ServicePrincipals() {
    }

    /** A service made over the API; its answer's id and member_id. */
    public record Made(String id, String memberId, String spaceId) {

        /** The service form of the actor, as a check body names it. */
        public Map<String, Object> actor() {
            return Map.of("service_id", id, "member_id", memberId, "space_id", spaceId);
        }
    }

    public static Made create(String spaceId, String name) {
        var answer = asAdmin().body(Map.of("name", name)).post("/api/v1/spaces/" + spaceId + "/services")
                .then().statusCode(201).extract();
        return new Made(answer.path("data.id"), answer.path("data.member_id"), spaceId);
    }

    /** A service of space_acme whose member holds the demo's finance_approver role over group_finance (approves invoice_001). */
    public static Made approver(String name) {
        Made made = create("space_acme", name + "_" + System.nanoTime());
        asAdmin().body(Map.of("member_id", made.memberId(), "role_id", "role_finance_approver", "scope_anchor_group_id", "group_finance"))
                .post("/api/v1/spaces/space_acme/member-roles").then().statusCode(201);
        return made;
    }

    /** A new key of the service; the key itself, shown once. */
    public static String key(String serviceId) {
        return asAdmin().body(Map.of("name", "key " + System.nanoTime())).post("/api/v1/services/" + serviceId + "/keys")
                .then().statusCode(201).extract().path("data.key");
    }

    public static RequestSpecification withKey(String key) {
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON);
    }
}
