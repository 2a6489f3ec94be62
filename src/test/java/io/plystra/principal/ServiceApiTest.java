package io.plystra.principal;

import static io.plystra.testsupport.AdminApi.auditActions;
import static io.plystra.testsupport.AdminApi.lastAudit;
import static io.plystra.testsupport.AdminApi.walk;
import static io.plystra.testsupport.Api.asAdmin;
import static io.plystra.testsupport.ServicePrincipals.withKey;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.plystra.access.AccessFixtures;
import io.plystra.session.Accounts;
import io.plystra.session.ApiKeyUsage;
import io.plystra.testsupport.Api;
import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.ServicePrincipals;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * Service principals and their keys over the admin API: CRUD with an audit row per write, the member
 * created with the service, keys shown once and kept as their HMAC, expiry, last use, revocation,
 * 400/404/409, the refusal of another space's admin, and what a service key may not do.
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
class ServiceApiTest {

    static final String SERVICES = "/api/v1/spaces/space_acme/services";
    static final Map<String, Object> CHECK_ITSELF = Map.of("resource_type", "invoice", "resource_id", "invoice_001", "action", "approve");

    @Inject
    ApiKeyUsage usage;

    @Test
    void createsReadsPatchesDisablesAndRestoresWithAnAuditRowEach() {
        String id = AccessFixtures.unique("svc_t");
        Response created = asAdmin().body(Map.of("id", id, "name", "Billing", "description", "bills")).post(SERVICES);
        created.then().statusCode(201).body("data.id", equalTo(id)).body("data.space_id", equalTo("space_acme"))
                .body("data.name", equalTo("Billing")).body("data.description", equalTo("bills"))
                .body("data.status", equalTo("active")).body("data.member_id", matchesPattern("member_[0-9a-f]{20}"));
        String member = created.path("data.member_id");
        assertEquals(Map.of("member_type", "service", "display_name", "Billing", "status", "active", "space_id", "space_acme"),
                TestDatabase.rows("SELECT member_type, display_name, status, space_id FROM members WHERE id = ?", member).get(0));
        asAdmin().get("/api/v1/spaces/space_acme/members/" + member).then().statusCode(200)
                .body("data.member_type", equalTo("service"));

        asAdmin().get("/api/v1/services/" + id).then().statusCode(200).body("data.member_id", equalTo(member));
        asAdmin().body(Map.of("name", "Billing v2", "description", "invoices")).patch("/api/v1/services/" + id).then()
                .statusCode(200).body("data.name", equalTo("Billing v2")).body("data.description", equalTo("invoices"))
                .body("data.member_id", equalTo(member));
        asAdmin().get("/api/v1/spaces/space_acme/members/" + member).then().body("data.display_name", equalTo("Billing v2"));
        java.util.HashMap<String, Object> clear = new java.util.HashMap<>();
        clear.put("description", null);
        asAdmin().body(clear).patch("/api/v1/services/" + id).then().statusCode(200).body("data.description", nullValue());
        asAdmin().post("/api/v1/services/" + id + "/disable").then().statusCode(200).body("data.status", equalTo("disabled"));
        asAdmin().get("/api/v1/spaces/space_acme/members/" + member).then().body("data.status", equalTo("active"));
        asAdmin().post("/api/v1/services/" + id + "/restore").then().statusCode(200).body("data.status", equalTo("active"));

        assertEquals(List.of("service.created", "service.updated", "service.updated", "service.disabled", "service.restored"),
                auditActions(id));
        assertEquals(List.of("member.created", "member.updated"), auditActions(member));
        assertEquals("space_acme", lastAudit(id, "space_id"));
        assertEquals(member, lastAudit(id, "trace->'after'->>'member_id'"));
        assertEquals(List.of(Map.of("n", 1L)), TestDatabase.rows(
                "SELECT count(*) AS n FROM audit_logs a JOIN audit_logs b ON a.request_id = b.request_id "
                        + "WHERE a.resource_id = ? AND a.action = 'service.created' AND b.resource_id = ? AND b.action = 'member.created'",
                id, member), "the member is created by the same request as the service");
    }

    @Test
    void listsAreKeysetPagedAndFilteredByStatus() {
        String space = AccessFixtures.space();
        List<String> made = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            made.add(ServicePrincipals.create(space, "svc " + i).id());
        }
        assertEquals(made, walk("/api/v1/spaces/" + space + "/services", Map.of()));
        asAdmin().post("/api/v1/services/" + made.get(1) + "/disable").then().statusCode(200);
        asAdmin().queryParam("status", "disabled").get("/api/v1/spaces/" + space + "/services").then().statusCode(200)
                .body("data.id", equalTo(List.of(made.get(1))));
        asAdmin().queryParam("status", "revoked").get("/api/v1/spaces/" + space + "/services").then().statusCode(400)
                .body("error.details.fields.status", notNullValue());
    }

    @Test
    void badBodiesAre400NamingTheField() {
        asAdmin().body(Map.of()).post(SERVICES).then().statusCode(400).body("error.details.fields.name", notNullValue());
        asAdmin().body(Map.of("name", " ")).post(SERVICES).then().statusCode(400).body("error.details.fields.name", notNullValue());
        asAdmin().body(Map.of("name", "x".repeat(201))).post(SERVICES).then().statusCode(400).body("error.details.fields.name", notNullValue());
        asAdmin().body(Map.of("name", "x", "member_id", "member_finance_reviewer")).post(SERVICES).then().statusCode(400)
                .body("error.details.fields.member_id", notNullValue());
        asAdmin().body(Map.of("name", "x", "id", "Not An Id")).post(SERVICES).then().statusCode(400)
                .body("error.details.fields.id", notNullValue());
        String id = ServicePrincipals.create("space_acme", AccessFixtures.unique("bad")).id();
        for (String field : List.of("member_id", "space_id", "status", "id")) {
            asAdmin().body(Map.of(field, "x")).patch("/api/v1/services/" + id).then().statusCode(400)
                    .body("error.details.fields." + field, equalTo("cannot be changed"));
        }
        asAdmin().body(Map.of("colour", "red")).patch("/api/v1/services/" + id).then().statusCode(400)
                .body("error.details.fields.colour", equalTo("unknown field"));
        java.util.HashMap<String, Object> nullName = new java.util.HashMap<>();
        nullName.put("name", null);
        asAdmin().body(nullName).patch("/api/v1/services/" + id).then().statusCode(400).body("error.details.fields.name", notNullValue());
        asAdmin().body(Map.of("expires_at", "soon")).post("/api/v1/services/" + id + "/keys").then().statusCode(400)
                .body("error.details.fields.name", notNullValue());
        asAdmin().body(Map.of("name", "k", "expires_at", "soon")).post("/api/v1/services/" + id + "/keys").then().statusCode(400)
                .body("error.details.fields.expires_at", notNullValue());
        asAdmin().body(Map.of("name", "k", "expires_at", "2020-01-01T00:00:00Z")).post("/api/v1/services/" + id + "/keys").then()
                .statusCode(400).body("error.details.fields.expires_at", equalTo("must be in the future"));
        asAdmin().body(Map.of("name", "k", "permission_keys", List.of("*"))).post("/api/v1/services/" + id + "/keys").then()
                .statusCode(400).body("error.details.fields.permission_keys", notNullValue());
        asAdmin().queryParam("status", "disabled").get("/api/v1/services/" + id + "/keys").then().statusCode(400)
                .body("error.details.fields.status", notNullValue());
    }

    @Test
    void unknownIdsAre404OnEveryRoute() {
        String missing = "/api/v1/services/svc_missing";
        asAdmin().get(missing).then().statusCode(404).body("error.code", equalTo("SERVICE_NOT_FOUND"));
        asAdmin().body(Map.of("name", "x")).patch(missing).then().statusCode(404).body("error.code", equalTo("SERVICE_NOT_FOUND"));
        asAdmin().post(missing + "/disable").then().statusCode(404).body("error.code", equalTo("SERVICE_NOT_FOUND"));
        asAdmin().post(missing + "/restore").then().statusCode(404).body("error.code", equalTo("SERVICE_NOT_FOUND"));
        asAdmin().get(missing + "/keys").then().statusCode(404).body("error.code", equalTo("SERVICE_NOT_FOUND"));
        asAdmin().body(Map.of("name", "k")).post(missing + "/keys").then().statusCode(404).body("error.code", equalTo("SERVICE_NOT_FOUND"));
        asAdmin().get("/api/v1/spaces/space_missing/services").then().statusCode(404).body("error.code", equalTo("SPACE_NOT_FOUND"));
        asAdmin().body(Map.of("name", "x")).post("/api/v1/spaces/space_missing/services").then().statusCode(404)
                .body("error.code", equalTo("SPACE_NOT_FOUND"));
        String id = ServicePrincipals.create("space_acme", AccessFixtures.unique("keyless")).id();
        asAdmin().get("/api/v1/services/" + id + "/keys/skey_missing").then().statusCode(404)
                .body("error.code", equalTo("SERVICE_KEY_NOT_FOUND"));
        asAdmin().post("/api/v1/services/" + id + "/keys/skey_missing/revoke").then().statusCode(404)
                .body("error.code", equalTo("SERVICE_KEY_NOT_FOUND"));
        // A key is reached only through its own service.
        String other = ServicePrincipals.create("space_acme", AccessFixtures.unique("other")).id();
        String keyId = asAdmin().body(Map.of("name", "k")).post("/api/v1/services/" + other + "/keys").then().statusCode(201)
                .extract().path("data.id");
        asAdmin().get("/api/v1/services/" + id + "/keys/" + keyId).then().statusCode(404).body("error.code", equalTo("SERVICE_KEY_NOT_FOUND"));
        asAdmin().post("/api/v1/services/" + id + "/keys/" + keyId + "/revoke").then().statusCode(404);
        asAdmin().get("/api/v1/services/" + other + "/keys/" + keyId).then().statusCode(200).body("data.status", equalTo("active"));
    }

    @Test
    void aTakenIdOrNameIs409() {
        String id = AccessFixtures.unique("svc_dup");
        String name = AccessFixtures.unique("dup");
        asAdmin().body(Map.of("id", id, "name", name)).post(SERVICES).then().statusCode(201);
        asAdmin().body(Map.of("id", id, "name", name + "2")).post(SERVICES).then().statusCode(409)
                .body("error.code", equalTo("SERVICE_CONFLICT"));
        asAdmin().body(Map.of("name", name)).post(SERVICES).then().statusCode(409).body("error.code", equalTo("SERVICE_CONFLICT"));
        String second = ServicePrincipals.create("space_acme", name + "b").id();
        asAdmin().body(Map.of("name", name)).patch("/api/v1/services/" + second).then().statusCode(409)
                .body("error.code", equalTo("SERVICE_CONFLICT"));
        assertEquals(1, TestDatabase.rows("SELECT id FROM members WHERE display_name = ? AND member_type = 'service'", name).size(),
                "a refused service leaves no member behind");
        String key = AccessFixtures.unique("skey_dup");
        asAdmin().body(Map.of("id", key, "name", "k")).post("/api/v1/services/" + id + "/keys").then().statusCode(201);
        asAdmin().body(Map.of("id", key, "name", "k")).post("/api/v1/services/" + id + "/keys").then().statusCode(409)
                .body("error.code", equalTo("SERVICE_KEY_CONFLICT"));
    }

    @Test
    void aKeyIsShownOnceAndKeptAsItsHmac() {
        String service = ServicePrincipals.create("space_acme", AccessFixtures.unique("keyed")).id();
        Response created = asAdmin().body(Map.of("name", "deploy")).post("/api/v1/services/" + service + "/keys");
        created.then().statusCode(201).body("data.key", matchesPattern("ply_svc_[0-9a-f]{64}"))
                .body("data.service_id", equalTo(service)).body("data.space_id", equalTo("space_acme"))
                .body("data.status", equalTo("active")).body("data.created_by_user_id", equalTo("user_alice"))
                .body("data.expires_at", nullValue()).body("data.last_used_at", nullValue())
                .body("data", not(hasKey("key_hash")));
        String key = created.path("data.key");
        String id = created.path("data.id");
        created.then().body("data.key_prefix", equalTo(key.substring(0, 16)));
        String stored = (String) TestDatabase.rows("SELECT key_hash FROM service_keys WHERE id = ?", id).get(0).get("key_hash");
        assertEquals(Accounts.HASHER.hash(key), stored, "only the HMAC of the key is stored");
        assertEquals(0, TestDatabase.rows("SELECT 1 FROM service_keys WHERE key_hash = ? OR key_prefix = ?", key, key).size());

        asAdmin().get("/api/v1/services/" + service + "/keys/" + id).then().statusCode(200)
                .body("data", not(hasKey("key"))).body(not(containsString(stored))).body(not(containsString(key)));
        asAdmin().get("/api/v1/services/" + service + "/keys").then().statusCode(200).body("data.id", hasItem(id))
                .body(not(containsString(key))).body(not(containsString(stored)));
        TestDatabase.rows("SELECT trace::text AS t FROM audit_logs WHERE resource_id = ?", id)
                .forEach(r -> assertEquals(-1, r.get("t").toString().indexOf(key.substring(16)), "no audit row holds the key"));
        assertEquals(List.of("service_key.created"), auditActions(id));
    }

    @Test
    void aKeyWorksUntilItExpiresOrIsRevokedAndItsLastUseIsWrittenInBatches() {
        ServicePrincipals.Made service = ServicePrincipals.approver("keys");
        Response created = asAdmin().body(Map.of("name", "short", "expires_at", Instant.now().plus(1, ChronoUnit.DAYS).toString()))
                .post("/api/v1/services/" + service.id() + "/keys");
        created.then().statusCode(201).body("data.expires_at", notNullValue());
        String key = created.path("data.key");
        String id = created.path("data.id");
        withKey(key).body(CHECK_ITSELF).post("/api/v1/authz/check").then().statusCode(200).body("data.decision", equalTo("allow"));
        assertNull(TestDatabase.rows("SELECT last_used_at FROM service_keys WHERE id = ?", id).get(0).get("last_used_at"));
        usage.flush().await().indefinitely();
        assertNotNull(TestDatabase.rows("SELECT last_used_at FROM service_keys WHERE id = ?", id).get(0).get("last_used_at"));
        asAdmin().get("/api/v1/services/" + service.id() + "/keys/" + id).then().body("data.last_used_at", notNullValue());

        TestDatabase.update("UPDATE service_keys SET expires_at = now() - interval '1 second' WHERE id = ?", id);
        withKey(key).body(CHECK_ITSELF).post("/api/v1/authz/check").then().statusCode(401)
                .body("error.code", equalTo("AUTHENTICATION_REQUIRED"));

        String second = ServicePrincipals.key(service.id());
        withKey(second).body(CHECK_ITSELF).post("/api/v1/authz/check").then().statusCode(200);
        String secondId = (String) TestDatabase.rows("SELECT id FROM service_keys WHERE key_hash = ?", Accounts.HASHER.hash(second))
                .get(0).get("id");
        String revokedAt = asAdmin().post("/api/v1/services/" + service.id() + "/keys/" + secondId + "/revoke").then().statusCode(200)
                .body("data.status", equalTo("revoked")).body("data.revoked_at", notNullValue()).extract().path("data.revoked_at");
        withKey(second).body(CHECK_ITSELF).post("/api/v1/authz/check").then().statusCode(401);
        asAdmin().post("/api/v1/services/" + service.id() + "/keys/" + secondId + "/revoke").then().statusCode(200)
                .body("data.revoked_at", equalTo(revokedAt));
        assertEquals(List.of("service_key.created", "service_key.revoked"), auditActions(secondId));
        asAdmin().queryParam("status", "revoked").get("/api/v1/services/" + service.id() + "/keys").then().statusCode(200)
                .body("data.id", equalTo(List.of(secondId)));

        withKey("ply_svc_" + "0".repeat(64)).body(CHECK_ITSELF).post("/api/v1/authz/check").then().statusCode(401);
    }

    /** A space admin of another space gets what it gets for any row of that space: 403 on its routes, 404 by id. */
    @Test
    void anotherSpacesAdminIsRefused() {
        ServicePrincipals.Made service = ServicePrincipals.create("space_acme", AccessFixtures.unique("guarded"));
        String keyId = asAdmin().body(Map.of("name", "k")).post("/api/v1/services/" + service.id() + "/keys").then().statusCode(201)
                .extract().path("data.id");
        String outsider = Api.login(AccessFixtures.spaceAdmin(AccessFixtures.space()));
        given().auth().oauth2(outsider).get(SERVICES).then().statusCode(403).body("error.code", equalTo("ADMIN_PERMISSION_REQUIRED"));
        given().auth().oauth2(outsider).contentType("application/json").body(Map.of("name", "intruder")).post(SERVICES).then()
                .statusCode(403);
        given().auth().oauth2(outsider).get("/api/v1/services/" + service.id()).then().statusCode(404)
                .body("error.code", equalTo("SERVICE_NOT_FOUND"));
        given().auth().oauth2(outsider).contentType("application/json").body(Map.of("name", "x")).patch("/api/v1/services/" + service.id())
                .then().statusCode(404);
        given().auth().oauth2(outsider).contentType("application/json").post("/api/v1/services/" + service.id() + "/disable")
                .then().statusCode(404);
        given().auth().oauth2(outsider).get("/api/v1/services/" + service.id() + "/keys").then().statusCode(404);
        given().auth().oauth2(outsider).contentType("application/json").body(Map.of("name", "k"))
                .post("/api/v1/services/" + service.id() + "/keys").then().statusCode(404);
        given().auth().oauth2(outsider).contentType("application/json").post("/api/v1/services/" + service.id() + "/keys/" + keyId
                + "/revoke").then().statusCode(404);
        asAdmin().get("/api/v1/services/" + service.id()).then().body("data.status", equalTo("active"));
        asAdmin().get("/api/v1/services/" + service.id() + "/keys/" + keyId).then().body("data.status", equalTo("active"));
    }

    /** A service key is the service's credential, never an admin's: every admin route refuses it. */
    @Test
    void aServiceKeyOpensNoAdminRoute() {
        ServicePrincipals.Made service = ServicePrincipals.approver("admin");
        String key = ServicePrincipals.key(service.id());
        withKey(key).get(SERVICES).then().statusCode(403).body("error.code", equalTo("ADMIN_PERMISSION_REQUIRED"));
        withKey(key).get("/api/v1/services/" + service.id()).then().statusCode(403);
        withKey(key).body(Map.of("name", "k")).post("/api/v1/services/" + service.id() + "/keys").then().statusCode(403);
        withKey(key).get("/api/v1/spaces").then().statusCode(403);
        withKey(key).get("/api/v1/audit/logs").then().statusCode(403);
        withKey(key).body(Map.of("items", List.of(CHECK_ITSELF))).post("/api/v1/authz/batch-check").then().statusCode(403);
        withKey(key).body(Map.of("resource_type", "invoice", "action", "approve")).post("/api/v1/authz/lookup-resources").then()
                .statusCode(403);
        withKey(key).get("/api/v1/actor/context").then().statusCode(401).body("error.code", equalTo("AUTHENTICATION_REQUIRED"));
        withKey(key).post("/api/v1/auth/logout").then().statusCode(401);
    }

    /** Keys are minted by people: an API key holding services:manage cannot make one. */
    @Test
    void anApiKeyCannotMintServiceKeys() {
        String service = ServicePrincipals.create("space_acme", AccessFixtures.unique("minted")).id();
        String apiKey = asAdmin().body(Map.of("name", "automation", "permission_keys", List.of("services:manage"), "space_id", "space_acme"))
                .post("/api/v1/api-keys").then().statusCode(201).extract().path("data.key");
        withKey(apiKey).body(Map.of("name", "minted")).post("/api/v1/services/" + service + "/keys").then().statusCode(403)
                .body("error.message", equalTo("API keys cannot create service keys; use a user session"));
        withKey(apiKey).post("/api/v1/services/" + service + "/disable").then().statusCode(200);
        assertEquals(0, TestDatabase.rows("SELECT 1 FROM service_keys WHERE service_id = ?", service).size());
    }

    /** A service's member acts only as the service: no user is bound to it, and it stays of type service. */
    @Test
    void aServicesMemberIsNeverBoundToAUserNorRetyped() {
        ServicePrincipals.Made service = ServicePrincipals.create("space_acme", AccessFixtures.unique("unbound"));
        asAdmin().body(Map.of("user_id", "user_alice", "member_id", service.memberId(), "relation_type", "delegate"))
                .post("/api/v1/spaces/space_acme/user-members").then().statusCode(400)
                .body("error.details.fields.member_id", containsString("service"));
        asAdmin().body(Map.of("member_type", "person")).patch("/api/v1/spaces/space_acme/members/" + service.memberId()).then()
                .statusCode(400).body("error.details.fields.member_type", equalTo("a service's member stays of type service"));
        asAdmin().body(Map.of("display_name", "Renamed")).patch("/api/v1/spaces/space_acme/members/" + service.memberId()).then()
                .statusCode(200);
        assertTrue(TestDatabase.rows("SELECT 1 FROM user_members WHERE member_id = ?", service.memberId()).isEmpty());
    }
}
