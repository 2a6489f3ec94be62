package io.plystra.access;

import static io.plystra.testsupport.AdminApi.lastAudit;
import static io.plystra.testsupport.Api.as;
import static io.plystra.testsupport.Api.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Replay (docs/time-travel.md): GET /spaces/{sid}/authz/state, explain with "at", POST /audit/logs/{id}/replay.
 * The property: on a randomized history made through the API, the state as of each recorded instant equals the state
 * the current-state route answered right after that change.
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
class ReplayApiTest {

    private static String state(BindingWorld w) {
        return "/api/v1/spaces/" + w.space() + "/authz/state";
    }

    /** The state's data without its {@code at} (the instant it names differs by construction). */
    private static Map<String, Object> stateAt(BindingWorld w, String at) {
        var request = asAdmin().queryParam("member_id", w.member());
        if (at != null) {
            request.queryParam("at", at);
        }
        Map<String, Object> data = new LinkedHashMap<>(request.get(state(w)).then().statusCode(200).extract().path("data"));
        assertEquals(at == null ? data.get("at") : at, data.remove("at"));
        return data;
    }

    private static long auditRows(String space) {
        return (Long) TestDatabase.rows("SELECT count(*) AS n FROM audit_logs WHERE space_id = ?", space).get(0).get("n");
    }

    @Test
    void theStateAsOfEveryInstantOfARandomizedHistoryIsTheStateRecordedThen() {
        long seed = Long.getLong("replay.seed", System.nanoTime());
        System.out.println("ReplayApiTest seed " + seed + " (-Dreplay.seed=" + seed + " replays it)");
        Random random = new Random(seed);
        BindingWorld w = BindingWorld.create();
        String[] teams = {w.team(), w.team(), w.team()};
        String attributes = "/api/v1/spaces/" + w.space() + "/attributes/members/" + w.member() + "/";
        String before = Instant.now().truncatedTo(ChronoUnit.MICROS).toString();
        List<String> bindings = new ArrayList<>();
        List<String> instants = new ArrayList<>();
        List<Map<String, Object>> recorded = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        for (int step = 0; step < 40; step++) {
            String team = teams[random.nextInt(teams.length)];
            String other = teams[random.nextInt(teams.length)];
            // The first change puts the member in a team, so every history replays team rows (a random one had none
            // about once in a hundred seeds).
            int kind = step == 0 ? 4 : random.nextInt(9);
            int status = switch (kind) {
                case 0 -> {
                    bindings.add(w.bindRole("member", w.member(), Map.of()));
                    yield 201;
                }
                case 1 -> {
                    bindings.add(w.bindRole("team", team, Map.of()));
                    yield 201;
                }
                case 2 -> bindings.isEmpty() ? -1 : asAdmin().post(w.bindings() + "/" + bindings.get(random.nextInt(bindings.size()))
                        + "/revoke").statusCode();
                case 3 -> bindings.isEmpty() ? -1 : asAdmin().body(Map.of("conditions", Map.of("required_attributes",
                                List.of(Map.of("attribute", "principal.level", "op", "gte", "value", random.nextInt(5))))))
                        .patch(w.bindings() + "/" + bindings.get(random.nextInt(bindings.size()))).statusCode();
                case 4 -> asAdmin().body(Map.of("member_id", w.member(), "ends_at",
                                Instant.now().plus(1 + random.nextInt(30), ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString()))
                        .post(w.teams() + "/" + team + "/members").statusCode();
                case 5 -> asAdmin().delete(w.teams() + "/" + team + "/members/" + w.member()).statusCode();
                case 6 -> team.equals(other) ? -1
                        : asAdmin().body(Map.of("parent_team_id", other)).post(w.teams() + "/" + team + "/parents").statusCode();
                case 7 -> asAdmin().delete(w.teams() + "/" + team + "/parents/" + other).statusCode();
                default -> random.nextBoolean()
                        ? asAdmin().body(Map.of("value", random.nextInt(5))).put(attributes + "level").statusCode()
                        : asAdmin().delete(attributes + "level").statusCode();
            };
            if (status < 200 || status >= 300) {
                continue; // refused (a duplicate membership, a cycle, nothing to remove): no change to replay
            }
            Map<String, Object> now = stateAt(w, null);
            instants.add(Instant.now().truncatedTo(ChronoUnit.MICROS).toString());
            recorded.add(now);
            kinds.add("step " + step + " kind " + kind);
        }
        assertTrue(recorded.size() >= 10, "the history has enough changes: " + kinds);
        assertTrue(recorded.stream().anyMatch(s -> !((List<?>) s.get("teams")).isEmpty()), "some state has teams: seed " + seed);
        for (int i = 0; i < recorded.size(); i++) {
            assertEquals(recorded.get(i), stateAt(w, instants.get(i)), "as of " + kinds.get(i) + ", seed " + seed);
        }
        Map<String, Object> empty = stateAt(w, before);
        assertEquals(List.of(), empty.get("bindings"));
        assertEquals(List.of(), empty.get("teams"));
        assertEquals(List.of(), empty.get("attributes"));
    }

    @Test
    void explainAtAnInstantDecidesOverTheGrantsOfThenAndWritesNoAuditRow() {
        BindingWorld w = BindingWorld.create();
        String binding = w.bindRole("member", w.member(), Map.of());
        asAdmin().body(Map.of("value", 3)).put("/api/v1/spaces/" + w.space() + "/attributes/members/" + w.member() + "/level")
                .then().statusCode(201);
        String allowed = Instant.now().truncatedTo(ChronoUnit.MICROS).toString();
        asAdmin().post(w.bindings() + "/" + binding + "/revoke").then().statusCode(200);
        w.explain(Map.of()).body("data.decision", equalTo("deny"));

        long rows = auditRows(w.space());
        asAdmin().body(w.check(Map.of("at", allowed))).post("/api/v1/authz/explain").then().statusCode(200)
                .header("X-Plystra-Audit-Log-ID", nullValue())
                .body("data.decision", equalTo("allow")).body("data.evaluated_at", equalTo(allowed))
                .body("data.audit_log_id", nullValue())
                .body("data.matched_candidates[0].member_role.id", equalTo(binding));
        assertEquals(rows, auditRows(w.space()), "explain at an instant writes no audit row");

        // A condition on an attribute reads the attribute as it was then.
        String conditional = w.bindRole("member", w.member(), Map.of("conditions", Map.of("required_attributes",
                List.of(Map.of("attribute", "principal.level", "op", "gte", "value", 3)))));
        String high = Instant.now().truncatedTo(ChronoUnit.MICROS).toString();
        asAdmin().body(Map.of("value", 1)).put("/api/v1/spaces/" + w.space() + "/attributes/members/" + w.member() + "/level")
                .then().statusCode(200);
        w.explain(Map.of()).body("data.deny_code", equalTo("CONDITION_NOT_MET"));
        asAdmin().body(w.check(Map.of("at", high))).post("/api/v1/authz/explain").then().statusCode(200)
                .body("data.decision", equalTo("allow")).body("data.matched_candidates[0].member_role.id", equalTo(conditional));
        // At the first instant the conditional binding did not exist yet: one candidate, the binding of then.
        asAdmin().body(w.check(Map.of("at", allowed))).post("/api/v1/authz/explain").then().statusCode(200)
                .body("data.matched_candidates.member_role.id", hasItem(binding))
                .body("data.matched_candidates", hasSize(1));
    }

    @Test
    void replayReDecidesARecordedDecisionAgainstTodayAndShowsWhatChanged() {
        BindingWorld w = BindingWorld.create();
        String binding = w.bindRole("member", w.member(), Map.of());
        String audit = asAdmin().body(w.check(Map.of())).post("/api/v1/authz/check").then().statusCode(200)
                .body("data.decision", equalTo("allow")).extract().header("X-Plystra-Audit-Log-ID");
        String replay = "/api/v1/audit/logs/" + audit + "/replay";

        long rows = auditRows(w.space());
        asAdmin().post(replay).then().statusCode(200).body("data.audit_log_id", equalTo(audit))
                .body("data.changed", equalTo(false)).body("data.differences", hasSize(0))
                .body("data.recorded.decision", equalTo("allow")).body("data.today.decision", equalTo("allow"))
                .body("data.recorded.matched_candidates[0].binding_id", equalTo(binding))
                .body("data.recorded.matched_candidates[0].role_id", equalTo(w.role()))
                .body("data.recorded.matched_candidates[0].allows", equalTo(true));
        assertEquals(rows, auditRows(w.space()), "a replay writes no audit row");

        String rolePermission = (String) TestDatabase.rows("SELECT id FROM role_permissions WHERE role_id = ?", w.role()).get(0).get("id");
        asAdmin().post("/api/v1/role-permissions/" + rolePermission + "/revoke").then().statusCode(200);
        Map<String, Object> answer = asAdmin().post(replay).then().statusCode(200)
                .body("data.changed", equalTo(true))
                .body("data.recorded.decision", equalTo("allow")).body("data.recorded.deny_code", nullValue())
                .body("data.today.decision", equalTo("deny")).body("data.today.deny_code", notNullValue())
                .body("data.today.matched_candidates", hasSize(0))
                .body("data.differences.field", equalTo(List.of("decision", "deny_code", "matched_candidates")))
                .body("data.differences[0].recorded", equalTo("allow")).body("data.differences[0].today", equalTo("deny"))
                .extract().path("data");
        assertNotEquals(answer.get("recorded"), answer.get("today"));
    }

    @Test
    void badParametersAre400() {
        BindingWorld w = BindingWorld.create();
        asAdmin().get(state(w)).then().statusCode(400).body("error.details.fields.member_id", equalTo("is required"));
        asAdmin().queryParam("member_id", w.member()).queryParam("subject", "x").get(state(w)).then().statusCode(400)
                .body("error.details.fields.subject", equalTo("unknown parameter"));
        asAdmin().queryParam("member_id", w.member(), w.member()).get(state(w)).then().statusCode(400)
                .body("error.details.fields.member_id", equalTo("must be given once"));
        asAdmin().queryParam("member_id", w.member()).queryParam("at", "yesterday").get(state(w)).then().statusCode(400)
                .body("error.details.fields.at", notNullValue());
        String future = Instant.now().plus(1, ChronoUnit.HOURS).toString();
        asAdmin().queryParam("member_id", w.member()).queryParam("at", future).get(state(w)).then().statusCode(400)
                .body("error.details.fields.at", equalTo("must not be in the future: the history ends now"));

        String past = Instant.now().minus(1, ChronoUnit.MINUTES).toString();
        asAdmin().body(w.check(Map.of("at", "2026-13-01T00:00:00Z"))).post("/api/v1/authz/explain").then().statusCode(400)
                .body("error.details.fields.at", notNullValue());
        asAdmin().body(w.check(Map.of("at", future))).post("/api/v1/authz/explain").then().statusCode(400)
                .body("error.details.fields.at", notNullValue());
        asAdmin().body(w.check(Map.of("at", past, "consistency", Map.of("mode", "fully_consistent"))))
                .post("/api/v1/authz/explain").then().statusCode(400).body("error.details.fields.consistency", notNullValue());
        asAdmin().body(w.check(Map.of("at", past))).post("/api/v1/authz/check").then().statusCode(400)
                .body("error.details.fields.at", equalTo("is taken by explain only"));
    }

    @Test
    void unknownRowsAre404AndAMutationRowIs409() {
        BindingWorld w = BindingWorld.create();
        asAdmin().queryParam("member_id", "member_missing").get(state(w)).then().statusCode(404)
                .body("error.code", equalTo("MEMBER_NOT_FOUND"));
        String elsewhere = AccessFixtures.member(AccessFixtures.space());
        asAdmin().queryParam("member_id", elsewhere).get(state(w)).then().statusCode(404)
                .body("error.code", equalTo("MEMBER_NOT_FOUND"));
        asAdmin().post("/api/v1/audit/logs/aud_" + "0".repeat(28) + "/replay").then().statusCode(404)
                .body("error.code", equalTo("AUDIT_LOG_NOT_FOUND"));
        asAdmin().post("/api/v1/audit/logs/not-an-id/replay").then().statusCode(404);
        String binding = w.bindRole("member", w.member(), Map.of());
        String mutation = String.valueOf(lastAudit(binding, "id"));
        asAdmin().post("/api/v1/audit/logs/" + mutation + "/replay").then().statusCode(409)
                .body("error.code", equalTo("AUDIT_LOG_CONFLICT"));
    }

    @Test
    void anotherSpacesAdminIsRefusedAndTheRoutesDeclareAuditRead() {
        BindingWorld w = BindingWorld.create();
        String audit = asAdmin().body(w.check(Map.of())).post("/api/v1/authz/check").then().statusCode(200)
                .extract().header("X-Plystra-Audit-Log-ID");
        String outsider = AccessFixtures.spaceAdmin(AccessFixtures.space());
        as(outsider).queryParam("member_id", w.member()).get(state(w)).then().statusCode(403)
                .body("error.details.permission", equalTo("audit:read"));
        as(outsider).post("/api/v1/audit/logs/" + audit + "/replay").then().statusCode(403)
                .body("error.details.permission", equalTo("audit:read"));
        Map<String, Object> body = new HashMap<>(w.check(Map.of("at", Instant.now().minus(1, ChronoUnit.SECONDS).toString())));
        as(outsider).body(body).post("/api/v1/authz/explain").then().statusCode(403)
                .body("error.details.permission", equalTo("authz:check"));

        String insider = AccessFixtures.spaceAdmin(w.space());
        as(insider).queryParam("member_id", w.member()).get(state(w)).then().statusCode(200)
                .body("data.member_id", equalTo(w.member()));
        as(insider).post("/api/v1/audit/logs/" + audit + "/replay").then().statusCode(200);
        assertFalse(audit.isEmpty());
    }
}
