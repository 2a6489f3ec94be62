package io.plystra.authz;

import static io.plystra.testsupport.Api.asAdmin;
import static io.plystra.testsupport.ServicePrincipals.withKey;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.plystra.access.AccessFixtures;
import io.plystra.testsupport.Api;
import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.ServicePrincipals;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The service form of the actor in every decision route: a service allowed through a member-role of its
 * member, denied when disabled ({@code SERVICE_INACTIVE}) or named with another member or space
 * ({@code CROSS_SPACE_VIOLATION}); a body mixing the forms, or naming one in part, is a 400 naming the
 * field; explain shows the service; a caller holding the service's own key may decide only for itself.
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
class ServiceActorCheckTest {

    static Map<String, Object> check(Map<String, Object> actor, String id, String action) {
        return Api.check(actor, "invoice", id, action);
    }

    static Map<String, Object> actor(String serviceId, String memberId, String spaceId) {
        return Map.of("service_id", serviceId, "member_id", memberId, "space_id", spaceId);
    }

    @Test
    void aServiceIsAllowedThroughAMemberRoleOfItsMemberAndAudited() {
        ServicePrincipals.Made service = ServicePrincipals.approver("approver");
        var answer = asAdmin().body(check(service.actor(), "invoice_001", "approve")).post("/api/v1/authz/check");
        answer.then().statusCode(200).body("data.decision", equalTo("allow"));
        asAdmin().body(check(service.actor(), "invoice_002", "approve")).post("/api/v1/authz/check").then().statusCode(200)
                .body("data.deny_code", equalTo("SCOPE_OUT_OF_BOUNDS"));
        asAdmin().body(check(service.actor(), "invoice_001", "reject")).post("/api/v1/authz/check").then().statusCode(200)
                .body("data.deny_code", equalTo("NO_MATCHING_PERMISSION"));
        Map<String, Object> row = TestDatabase.rows("SELECT space_id, actor_user_id, actor_member_id, actor_user_member_id, decision, "
                + "trace->>'actor_service_id' AS service FROM audit_logs WHERE id = ?", (String) answer.path("data.audit_log_id")).get(0);
        Map<String, Object> expected = new HashMap<>();
        expected.put("space_id", "space_acme");
        expected.put("actor_user_id", null);
        expected.put("actor_member_id", service.memberId());
        expected.put("actor_user_member_id", null);
        expected.put("decision", "allow");
        expected.put("service", service.id());
        assertEquals(expected, row);
    }

    @Test
    void explainShowsTheServiceAndNoUser() {
        ServicePrincipals.Made service = ServicePrincipals.approver("explained");
        asAdmin().body(check(service.actor(), "invoice_001", "approve")).post("/api/v1/authz/explain").then().statusCode(200)
                .body("data.decision", equalTo("allow"))
                .body("data.actor.service.id", equalTo(service.id()))
                .body("data.actor.service.member_id", equalTo(service.memberId()))
                .body("data.actor.service.space_id", equalTo("space_acme"))
                .body("data.actor.service.status", equalTo("active"))
                .body("data.actor.member.id", equalTo(service.memberId()))
                .body("data.actor.member.member_type", equalTo("service"))
                .body("data.actor.user", nullValue())
                .body("data.actor.user_member", nullValue());
        asAdmin().body(Api.check(Api.actor("user_alice", "um_alice_finance_reviewer"), "invoice", "invoice_001", "approve"))
                .post("/api/v1/authz/explain").then().statusCode(200).body("data.actor.service", nullValue())
                .body("data.actor.user.id", equalTo("user_alice"));
    }

    @Test
    void aDisabledServiceIsDeniedUntilRestored() {
        ServicePrincipals.Made service = ServicePrincipals.approver("toggled");
        asAdmin().body(check(service.actor(), "invoice_001", "approve")).post("/api/v1/authz/check").then()
                .body("data.decision", equalTo("allow"));
        asAdmin().post("/api/v1/services/" + service.id() + "/disable").then().statusCode(200);
        asAdmin().body(check(service.actor(), "invoice_001", "approve")).post("/api/v1/authz/check").then().statusCode(200)
                .body("data.decision", equalTo("deny")).body("data.deny_code", equalTo("SERVICE_INACTIVE"));
        asAdmin().post("/api/v1/services/" + service.id() + "/restore").then().statusCode(200);
        asAdmin().body(check(service.actor(), "invoice_001", "approve")).post("/api/v1/authz/check").then()
                .body("data.decision", equalTo("allow"));
        asAdmin().post("/api/v1/spaces/space_acme/members/" + service.memberId() + "/disable").then().statusCode(200);
        asAdmin().body(check(service.actor(), "invoice_001", "approve")).post("/api/v1/authz/check").then()
                .body("data.deny_code", equalTo("ACTOR_MEMBER_INACTIVE"));
        asAdmin().post("/api/v1/spaces/space_acme/members/" + service.memberId() + "/restore").then().statusCode(200);
    }

    /** The change notifications of services and service keys evict what every instance cached, whoever wrote the change. */
    @Test
    void aServiceDisabledOrAKeyRevokedByAnyWriterIsEnforcedAtOnce() throws Exception {
        ServicePrincipals.Made service = ServicePrincipals.approver("sql_written");
        String key = ServicePrincipals.key(service.id());
        Map<String, Object> itself = Map.of("resource_type", "invoice", "resource_id", "invoice_001", "action", "approve");
        for (int i = 0; i < 2; i++) {
            withKey(key).body(itself).post("/api/v1/authz/check").then().statusCode(200).body("data.decision", equalTo("allow"));
        }
        TestDatabase.update("UPDATE services SET status = 'disabled' WHERE id = ?", service.id());
        assertEquals("SERVICE_INACTIVE", until(() -> withKey(key).body(itself).post("/api/v1/authz/check").then().extract()
                .path("data.deny_code"), "SERVICE_INACTIVE"));
        TestDatabase.update("UPDATE service_keys SET status = 'revoked' WHERE service_id = ?", service.id());
        assertEquals(401, (int) until(() -> withKey(key).body(itself).post("/api/v1/authz/check").then().extract().statusCode(), 401));
    }

    /** Polls for at most two seconds until {@code read} answers {@code expected}; answers the last value read. */
    static <T> T until(java.util.function.Supplier<T> read, T expected) throws InterruptedException {
        long start = System.nanoTime();
        T last = read.get();
        while (!expected.equals(last) && System.nanoTime() - start < 2_000_000_000L) {
            Thread.sleep(5);
            last = read.get();
        }
        return last;
    }

    @Test
    void aServiceNamedWithAnotherMemberOrSpaceIsACrossSpaceViolation() {
        ServicePrincipals.Made service = ServicePrincipals.approver("mismatched");
        asAdmin().body(check(actor(service.id(), "member_finance_reviewer", "space_acme"), "invoice_001", "approve"))
                .post("/api/v1/authz/check").then().statusCode(200).body("data.deny_code", equalTo("CROSS_SPACE_VIOLATION"));
        String other = AccessFixtures.space();
        asAdmin().body(check(actor(service.id(), service.memberId(), other), "invoice_001", "approve"))
                .post("/api/v1/authz/check").then().statusCode(200).body("data.deny_code", equalTo("CROSS_SPACE_VIOLATION"));
        ServicePrincipals.Made elsewhere = ServicePrincipals.create(other, AccessFixtures.unique("elsewhere"));
        asAdmin().body(check(actor(elsewhere.id(), service.memberId(), "space_acme"), "invoice_001", "approve"))
                .post("/api/v1/authz/check").then().statusCode(200).body("data.deny_code", equalTo("CROSS_SPACE_VIOLATION"));
        asAdmin().body(check(actor("svc_missing", service.memberId(), "space_acme"), "invoice_001", "approve"))
                .post("/api/v1/authz/check").then().statusCode(200).body("data.deny_code", equalTo("ACTOR_NOT_FOUND"));
        // A member that is no service's member, named as a service's.
        asAdmin().body(check(actor(service.id(), AccessFixtures.member("space_acme"), "space_acme"), "invoice_001", "approve"))
                .post("/api/v1/authz/check").then().statusCode(200).body("data.deny_code", equalTo("CROSS_SPACE_VIOLATION"));
    }

    @Test
    void aBodyMixingTheFormsOrNamingOneInPartIs400NamingTheField() {
        ServicePrincipals.Made service = ServicePrincipals.approver("malformed");
        Map<String, Object> mixed = new HashMap<>(service.actor());
        mixed.put("user_id", "user_alice");
        for (String route : List.of("/api/v1/authz/check", "/api/v1/authz/explain")) {
            asAdmin().body(check(mixed, "invoice_001", "approve")).post(route).then().statusCode(400)
                    .body("error.details.fields.'actor.user_id'", containsString("service_id"));
        }
        Map<String, Object> withBinding = new HashMap<>(service.actor());
        withBinding.put("user_member_id", "um_alice_finance_reviewer");
        asAdmin().body(check(withBinding, "invoice_001", "approve")).post("/api/v1/authz/check").then().statusCode(400)
                .body("error.details.fields.'actor.user_member_id'", notNullValue());
        asAdmin().body(check(Map.of("service_id", service.id(), "space_id", "space_acme"), "invoice_001", "approve"))
                .post("/api/v1/authz/check").then().statusCode(400)
                .body("error.details.fields.'actor.member_id'", equalTo("is required"));
        asAdmin().body(check(Map.of("service_id", service.id(), "member_id", service.memberId()), "invoice_001", "approve"))
                .post("/api/v1/authz/check").then().statusCode(400)
                .body("error.details.fields.'actor.space_id'", equalTo("is required"));
        asAdmin().body(check(Map.of("service_id", "", "member_id", service.memberId(), "space_id", "space_acme"), "invoice_001", "approve"))
                .post("/api/v1/authz/check").then().statusCode(400)
                .body("error.details.fields.'actor.service_id'", equalTo("is required"));
        asAdmin().body(check(Map.of("member_id", service.memberId(), "space_id", "space_acme"), "invoice_001", "approve"))
                .post("/api/v1/authz/check").then().statusCode(400)
                .body("error.details.fields.'actor.user_id'", equalTo("is required"))
                .body("error.details.fields.'actor.user_member_id'", equalTo("is required"));
        asAdmin().body(Map.of("service_id", service.id(), "resource_type", "invoice", "resource_id", "invoice_001", "action", "approve"))
                .post("/api/v1/authz/check").then().statusCode(400).body("error.message", containsString("actor.service_id"));
        // batch-check: an item mixing the forms fails only itself
        var batch = asAdmin().body(Map.of("items", List.of(check(mixed, "invoice_001", "approve"),
                check(service.actor(), "invoice_001", "approve")))).post("/api/v1/authz/batch-check");
        batch.then().statusCode(200).body("data.results[0].error.code", equalTo("VALIDATION_FAILED"))
                .body("data.results[0].error.details.fields.'actor.user_id'", notNullValue())
                .body("data.results[1].decision", equalTo("allow"));
        asAdmin().body(Map.of("actor", mixed, "items", List.of(Map.of("resource_type", "invoice", "resource_id", "invoice_001",
                "action", "approve")))).post("/api/v1/authz/batch-check").then().statusCode(400)
                .body("error.details.fields.'actor.user_id'", notNullValue());
        asAdmin().body(Map.of("actor", mixed, "resource_type", "invoice", "action", "approve")).post("/api/v1/authz/lookup-resources")
                .then().statusCode(400).body("error.details.fields.'actor.user_id'", notNullValue());
    }

    @Test
    void batchAndLookupsTakeTheServiceForm() {
        ServicePrincipals.Made service = ServicePrincipals.approver("looked_up");
        asAdmin().body(Map.of("actor", service.actor(), "items", List.of(
                        Map.of("resource_type", "invoice", "resource_id", "invoice_001", "action", "approve"),
                        Map.of("resource_type", "invoice", "resource_id", "invoice_002", "action", "approve"))))
                .post("/api/v1/authz/batch-check").then().statusCode(200)
                .body("data.results[0].decision", equalTo("allow")).body("data.results[1].deny_code", equalTo("SCOPE_OUT_OF_BOUNDS"));
        asAdmin().body(Map.of("actor", service.actor(), "resource_type", "invoice", "action", "approve"))
                .post("/api/v1/authz/lookup-resources").then().statusCode(200)
                .body("data.resource_ids", hasItem("invoice_001")).body("data.resource_ids", not(hasItem("invoice_002")));
        String audit = asAdmin().body(Map.of("actor", service.actor(), "resource_type", "invoice", "action", "approve"))
                .post("/api/v1/authz/lookup-resources").then().extract().path("data.audit_log_id");
        assertEquals(service.id(), TestDatabase.rows("SELECT trace->>'actor_service_id' AS s FROM audit_logs WHERE id = ?", audit)
                .get(0).get("s"));
        var members = asAdmin().body(Map.of("space_id", "space_acme", "resource_type", "invoice", "resource_id", "invoice_001",
                "action", "approve", "page_size", 1000)).post("/api/v1/authz/lookup-members").then().statusCode(200).extract();
        List<Map<String, Object>> entries = members.path("data.members");
        Map<String, Object> entry = entries.stream().filter(m -> service.memberId().equals(m.get("id"))).findFirst().orElseThrow();
        assertEquals("service", entry.get("kind"));
        assertEquals(service.id(), entry.get("service_id"));
        assertEquals(List.of(), entry.get("users"));
        Map<String, Object> reviewer = entries.stream().filter(m -> "member_finance_reviewer".equals(m.get("id"))).findFirst().orElseThrow();
        assertEquals("user", reviewer.get("kind"));
        assertNull(reviewer.get("service_id"));
        asAdmin().post("/api/v1/services/" + service.id() + "/disable").then().statusCode(200);
        List<String> after = asAdmin().body(Map.of("space_id", "space_acme", "resource_type", "invoice", "resource_id", "invoice_001",
                "action", "approve", "page_size", 1000)).post("/api/v1/authz/lookup-members").then().statusCode(200)
                .extract().path("data.members.id");
        assertEquals(false, after.contains(service.memberId()), "a disabled service may not act");
    }

    /** A caller holding a service's own key decides for that service alone; anyone else is a deny, audited as the service's. */
    @Test
    void aServiceKeyDecidesOnlyForItsOwnService() {
        ServicePrincipals.Made service = ServicePrincipals.approver("self");
        String key = ServicePrincipals.key(service.id());
        Map<String, Object> itself = Map.of("resource_type", "invoice", "resource_id", "invoice_001", "action", "approve");
        withKey(key).body(itself).post("/api/v1/authz/check").then().statusCode(200).body("data.decision", equalTo("allow"));
        withKey(key).body(check(service.actor(), "invoice_001", "approve")).post("/api/v1/authz/check").then().statusCode(200)
                .body("data.decision", equalTo("allow"));
        withKey(key).body(itself).post("/api/v1/authz/explain").then().statusCode(200)
                .body("data.actor.service.id", equalTo(service.id()));

        ServicePrincipals.Made other = ServicePrincipals.approver("other");
        var human = withKey(key).body(Api.check(Api.actor("user_alice", "um_alice_finance_reviewer"), "invoice", "invoice_001", "approve"))
                .post("/api/v1/authz/check");
        human.then().statusCode(200).body("data.decision", equalTo("deny")).body("data.deny_code", equalTo("CROSS_SPACE_VIOLATION"));
        withKey(key).body(check(other.actor(), "invoice_001", "approve")).post("/api/v1/authz/check").then().statusCode(200)
                .body("data.deny_code", equalTo("CROSS_SPACE_VIOLATION"));
        withKey(key).body(check(actor(service.id(), "member_finance_reviewer", "space_acme"), "invoice_001", "approve"))
                .post("/api/v1/authz/explain").then().statusCode(200).body("data.deny_code", equalTo("CROSS_SPACE_VIOLATION"))
                .body("data.actor", nullValue());
        Map<String, Object> row = TestDatabase.rows("SELECT actor_member_id, actor_user_id, deny_code, trace->>'actor_service_id' AS s "
                + "FROM audit_logs WHERE id = ?", (String) human.path("data.audit_log_id")).get(0);
        Map<String, Object> expected = new HashMap<>();
        expected.put("actor_member_id", service.memberId());
        expected.put("actor_user_id", null);
        expected.put("deny_code", "CROSS_SPACE_VIOLATION");
        expected.put("s", service.id());
        assertEquals(expected, row, "the refused question is audited as the service's own");

        asAdmin().post("/api/v1/services/" + service.id() + "/disable").then().statusCode(200);
        withKey(key).body(itself).post("/api/v1/authz/check").then().statusCode(200).body("data.deny_code", equalTo("SERVICE_INACTIVE"));
    }
}
