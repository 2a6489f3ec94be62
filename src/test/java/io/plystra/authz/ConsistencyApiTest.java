package io.plystra.authz;

import static io.plystra.testsupport.Api.asAdmin;
import static io.plystra.testsupport.Api.check;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.Revisions;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The consistency modes of decisions: revision tokens are this deployment's own (a forged or malformed
 * one is 400), a token's write is seen, a token from the future waits then is 409, reads through to
 * the database are limited per caller (429), and every route that decides takes every mode.
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
class ConsistencyApiTest {

    static final String CHECK = "/api/v1/authz/check";
    static final Map<String, Object> ALICE = Map.of("user_id", "user_alice", "member_id", "member_finance_reviewer",
            "user_member_id", "um_alice_finance_reviewer", "space_id", "space_acme");

    static Map<String, Object> with(Map<String, Object> body, Object consistency) {
        Map<String, Object> out = new HashMap<>(body);
        out.put("consistency", consistency);
        return out;
    }

    static Map<String, Object> checkAlice(Object consistency) {
        return with(check(ALICE, "invoice", "invoice_001", "approve"), consistency);
    }

    /** A user of its own bound to the demo reviewer member (allowed to approve invoice_001). */
    static Map<String, Object> newBinding() {
        return CacheInvalidationTest.newBinding();
    }

    /** Revokes the actor's binding through the API; answers the write's revision token. */
    static String revoke(Map<String, Object> actor) {
        Response r = asAdmin().post("/api/v1/spaces/space_acme/user-members/" + actor.get("user_member_id") + "/revoke");
        r.then().statusCode(200);
        return r.header("X-Plystra-Revision");
    }

    @Test
    void aWriteAnswersASignedTokenOfItsRevision() {
        Map<String, Object> actor = newBinding();
        long before = Revisions.committed();
        String token = revoke(actor);
        assertEquals(before + 1, Revisions.of(token), "an audited write advances the revision by one: " + token);
        assertEquals(Revisions.token(before + 1), token, "signed with the key V018 stored (no PLYSTRA_CONSISTENCY_SECRET)");
        assertEquals(Revisions.of(token), ((Number) TestDatabase.rows("SELECT chain_seq FROM audit_logs WHERE resource_id = ? "
                + "AND action = 'user_member.revoked'", actor.get("user_member_id")).get(0).get("chain_seq")).longValue(),
                "the revision is the write's place in the mutation chain");
        for (Object consistency : List.of(Map.of("at_least_as_fresh", token), Map.of("mode", "at_least_as_fresh", "token", token))) {
            asAdmin().body(with(check(actor, "invoice", "invoice_001", "approve"), consistency)).post(CHECK).then().statusCode(200)
                    .body("data.decision", equalTo("deny")).body("data.deny_code", equalTo("USER_MEMBER_REVOKED"));
        }
    }

    @Test
    void malformedAndForgedTokensAre400() {
        String real = Revisions.token(Revisions.committed());
        long revision = Revisions.of(real);
        String mac = real.substring(real.indexOf('.') + 1);
        String otherMac = (mac.charAt(0) == 'A' ? "B" : "A") + mac.substring(1);
        Map<String, String> malformed = Map.of("rev-after-revoke", "must be a revision token (the X-Plystra-Revision header of a write)",
                "", "must be a revision token (the X-Plystra-Revision header of a write)",
                "aud_01HZX", "must be a revision token (the X-Plystra-Revision header of a write)",
                "0" + real, "must be a revision token (the X-Plystra-Revision header of a write)",
                revision + "." + otherMac, "is not a revision token this deployment issued",
                (revision + 1) + "." + mac, "is not a revision token this deployment issued");
        malformed.forEach((token, problem) -> {
            asAdmin().body(checkAlice(Map.of("at_least_as_fresh", token))).post(CHECK).then().statusCode(400)
                    .body("error.code", equalTo("VALIDATION_FAILED"))
                    .body("error.details.fields.'consistency.at_least_as_fresh'", equalTo(problem));
            asAdmin().body(checkAlice(Map.of("mode", "at_least_as_fresh", "token", token))).post(CHECK).then().statusCode(400)
                    .body("error.details.fields.'consistency.token'", equalTo(problem));
        });
    }

    @Test
    void unknownModesAndFieldsOfAnotherModeAre400() {
        Map<Object, String> bad = new java.util.LinkedHashMap<>();
        String modes = "must be one of [minimize_latency, at_least_as_fresh, fully_consistent, bounded_staleness]";
        bad.put(Map.of(), "consistency.mode=" + modes);
        bad.put(Map.of("mode", "eventual"), "consistency.mode=" + modes);
        bad.put(Map.of("mode", "at_least_as_fresh"), "consistency.token=must be a revision token (the X-Plystra-Revision header of a write)");
        bad.put(Map.of("mode", "fully_consistent", "token", Revisions.token(0)), "consistency.token=is read with mode at_least_as_fresh only");
        bad.put(Map.of("mode", "minimize_latency", "max_ms", 5), "consistency.max_ms=is read with mode bounded_staleness only");
        bad.put(Map.of("mode", "bounded_staleness"), "consistency.max_ms=must be a whole number of milliseconds from 0 to 86400000");
        bad.put(Map.of("mode", "bounded_staleness", "max_ms", -1), "consistency.max_ms=must be a whole number of milliseconds from 0 to 86400000");
        bad.put(Map.of("mode", "bounded_staleness", "max_ms", 86_400_001), "consistency.max_ms=must be a whole number of milliseconds from 0 to 86400000");
        bad.put(Map.of("mode", "at_least_as_fresh", "at_least_as_fresh", Revisions.token(0)),
                "consistency.at_least_as_fresh=is v1.0's form and is sent alone; or send {\"mode\": \"at_least_as_fresh\", \"token\": \"<token>\"}");
        bad.forEach((consistency, expected) -> {
            String field = expected.substring(0, expected.indexOf('='));
            asAdmin().body(checkAlice(consistency)).post(CHECK).then().statusCode(400).body("error.code", equalTo("VALIDATION_FAILED"))
                    .body("error.details.fields.'" + field + "'", equalTo(expected.substring(expected.indexOf('=') + 1)));
        });
        asAdmin().body(checkAlice(Map.of("mode", "fully_consistent", "freshness", "high"))).post(CHECK).then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_FAILED"));
        asAdmin().body(checkAlice(Map.of("mode", "bounded_staleness", "max_ms", "soon"))).post(CHECK).then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_FAILED"));
        asAdmin().body(checkAlice("fully_consistent")).post(CHECK).then().statusCode(400).body("error.code", equalTo("VALIDATION_FAILED"));
    }

    @Test
    void aTokenFromTheFutureWaitsThen409() {
        long start = System.nanoTime();
        asAdmin().body(checkAlice(Map.of("mode", "at_least_as_fresh", "token", Revisions.token(Revisions.committed() + 1))))
                .post(CHECK).then().statusCode(409).header("X-Plystra-Error-Code", "CONSISTENCY_NOT_REACHED")
                .body("error.code", equalTo("CONSISTENCY_NOT_REACHED"));
        long waited = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waited >= 1000, "waited PLYSTRA_CONSISTENCY_WAIT_MS (1000 ms) first: " + waited + " ms");
    }

    @Test
    void aTokenFromTheFutureIsAnsweredOnceItsWriteCommits() throws Exception {
        Map<String, Object> actor = newBinding();
        String future = Revisions.token(Revisions.committed() + 1);
        RequestSpecification admin = asAdmin();
        CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(() -> admin
                .body(with(check(actor, "invoice", "invoice_001", "approve"), Map.of("at_least_as_fresh", future))).post(CHECK));
        Thread.sleep(200);
        assertEquals(future, revoke(actor), "the revoke committed the awaited revision");
        Response answer = waiting.get(10, TimeUnit.SECONDS);
        assertEquals(200, answer.statusCode(), answer.asString());
        assertEquals("deny", answer.path("data.decision"), "answered with the write applied");
    }

    @Test
    void readsThroughTheDatabaseAreLimitedPerCaller() {
        String key = asAdmin().body(Map.of("name", "strict-" + System.nanoTime(), "permission_keys", List.of("authz:check"),
                "space_id", "space_acme")).post("/api/v1/api-keys").then().statusCode(201).extract().path("data.key");
        RequestSpecification asKey = RestAssured.given().auth().oauth2(key).contentType(ContentType.JSON);
        List<Map<String, Object>> items = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            items.add(check(ALICE, "invoice", "invoice_001", "approve"));
        }
        // A batch takes one strict check per item: 100 leave the bucket of 20 deep below zero (4 s to refill).
        asKey.body(Map.of("items", items, "consistency", Map.of("mode", "fully_consistent"))).post("/api/v1/authz/batch-check")
                .then().statusCode(200).body("data.results[99].decision", equalTo("allow"));
        RequestSpecification again = RestAssured.given().auth().oauth2(key).contentType(ContentType.JSON);
        again.body(checkAlice(Map.of("mode", "fully_consistent"))).post(CHECK).then().statusCode(429)
                .header("X-Plystra-Error-Code", "RATE_LIMITED").header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .body("error.code", equalTo("RATE_LIMITED"));
        RestAssured.given().auth().oauth2(key).contentType(ContentType.JSON)
                .body(Map.of("actor", ALICE, "resource_type", "invoice", "action", "approve", "consistency", Map.of("mode", "fully_consistent")))
                .post("/api/v1/authz/lookup-resources").then().statusCode(429);
        // What the caches serve is not limited: the default, a token this instance has applied, a bound it can confirm.
        for (Object served : List.of(Map.of("mode", "minimize_latency"), Map.of("at_least_as_fresh", Revisions.token(Revisions.committed())),
                Map.of("mode", "bounded_staleness", "max_ms", 0))) {
            RestAssured.given().auth().oauth2(key).contentType(ContentType.JSON).body(checkAlice(served)).post(CHECK).then()
                    .statusCode(200).body("data.decision", equalTo("allow"));
        }
        // Another caller has its own bucket.
        asAdmin().body(checkAlice(Map.of("mode", "fully_consistent"))).post(CHECK).then().statusCode(200);
    }

    @Test
    void fullyConsistentAndBoundedStalenessSeeAChangeAtOnce() {
        for (Object consistency : List.of(Map.of("mode", "fully_consistent"), Map.of("mode", "bounded_staleness", "max_ms", 0))) {
            Map<String, Object> actor = newBinding();
            assertEquals("allow", CacheInvalidationTest.decide(actor, Map.of()));
            assertEquals("allow", CacheInvalidationTest.decide(actor, Map.of()), "cached");
            // Plain SQL, no revision: only the change notification (or the database) tells.
            TestDatabase.update("UPDATE user_members SET status = 'revoked' WHERE id = ?", actor.get("user_member_id"));
            assertEquals("deny", CacheInvalidationTest.decide(actor, Map.of("consistency", consistency)), consistency.toString());
        }
    }

    @Test
    void everyDecisionRouteTakesEveryMode() {
        String token = Revisions.token(Revisions.committed());
        Map<String, Object> check = check(ALICE, "invoice", "invoice_001", "approve");
        Map<String, Object> batch = Map.of("items", List.of(check, check));
        Map<String, Object> resources = Map.of("actor", ALICE, "resource_type", "invoice", "action", "approve");
        Map<String, Object> members = Map.of("space_id", "space_acme", "resource_type", "invoice", "resource_id", "invoice_001",
                "action", "approve");
        for (Object consistency : List.of(Map.of("mode", "minimize_latency"), Map.of("mode", "fully_consistent"),
                Map.of("mode", "bounded_staleness", "max_ms", 60_000), Map.of("mode", "at_least_as_fresh", "token", token),
                Map.of("at_least_as_fresh", token))) {
            asAdmin().body(with(check, consistency)).post(CHECK).then().statusCode(200).body("data.decision", equalTo("allow"));
            asAdmin().body(with(check, consistency)).post("/api/v1/authz/explain").then().statusCode(200)
                    .body("data.decision", equalTo("allow"));
            asAdmin().body(with(batch, consistency)).post("/api/v1/authz/batch-check").then().statusCode(200)
                    .body("data.results[1].decision", equalTo("allow"));
            asAdmin().body(with(resources, consistency)).post("/api/v1/authz/lookup-resources").then().statusCode(200)
                    .body("data.resource_ids", org.hamcrest.Matchers.hasItem("invoice_001"));
            asAdmin().body(with(members, consistency)).post("/api/v1/authz/lookup-members").then().statusCode(200)
                    .body("data.members.id", org.hamcrest.Matchers.hasItem("member_finance_reviewer"));
        }
        Map<String, Object> forged = Map.of("at_least_as_fresh", "1.AAAAAAAAAAAAAAAAAAAAAA");
        for (String[] route : new String[][] {{"/api/v1/authz/batch-check", "batch"}, {"/api/v1/authz/lookup-resources", "resources"},
                {"/api/v1/authz/lookup-members", "members"}}) {
            Map<String, Object> body = route[1].equals("batch") ? batch : route[1].equals("resources") ? resources : members;
            asAdmin().body(with(body, Map.of("mode", "strict"))).post(route[0]).then().statusCode(400)
                    .body("error.details.fields.'consistency.mode'", org.hamcrest.Matchers.startsWith("must be one of"));
            asAdmin().body(with(body, forged)).post(route[0]).then().statusCode(400)
                    .body("error.details.fields.'consistency.at_least_as_fresh'", equalTo("is not a revision token this deployment issued"));
        }
    }
}
