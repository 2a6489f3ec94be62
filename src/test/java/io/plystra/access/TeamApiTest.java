package io.plystra.access;

import static io.plystra.testsupport.AdminApi.auditActions;
import static io.plystra.testsupport.Api.as;
import static io.plystra.testsupport.Api.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.plystra.testsupport.DemoProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(DemoProfile.class)
class TeamApiTest {

    private static String in(int days) {
        return Instant.now().plus(days, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    @Test
    void aMemberActsThroughATeamsBindingAndInheritanceWhileEveryLinkHolds() {
        BindingWorld w = BindingWorld.create();
        String reviewers = w.team();
        String finance = w.team();
        w.bindRole("team", finance, Map.of());
        assertEquals("deny", w.decide());

        asAdmin().body(Map.of("member_id", w.member(), "ends_at", in(1))).post(w.teams() + "/" + reviewers + "/members")
                .then().statusCode(201).body("data.member_id", equalTo(w.member()));
        asAdmin().body(Map.of("parent_team_id", finance)).post(w.teams() + "/" + reviewers + "/parents").then().statusCode(201);
        w.explain(Map.of()).body("data.decision", equalTo("allow"))
                .body("data.matched_candidates[0].via.id", equalTo(List.of(reviewers, finance)))
                .body("data.matched_candidates[0].subject.kind", equalTo("team"));

        asAdmin().body(Map.of("ends_at", "2020-01-01T00:00:00Z", "starts_at", "2019-01-01T00:00:00Z"))
                .patch(w.teams() + "/" + reviewers + "/members/" + w.member()).then().statusCode(200);
        assertEquals("deny", w.decide(), "the membership has ended");
        asAdmin().body(Map.of("ends_at", in(1), "starts_at", "2019-01-01T00:00:00Z"))
                .patch(w.teams() + "/" + reviewers + "/members/" + w.member()).then().statusCode(200);
        assertEquals("allow", w.decide());

        asAdmin().post(w.teams() + "/" + finance + "/disable").then().statusCode(200).body("data.status", equalTo("disabled"));
        assertEquals("deny", w.decide(), "a disabled team passes nothing on");
        asAdmin().post(w.teams() + "/" + finance + "/restore").then().statusCode(200);
        assertEquals("allow", w.decide());

        asAdmin().delete(w.teams() + "/" + reviewers + "/parents/" + finance).then().statusCode(200);
        assertEquals("deny", w.decide(), "the inheritance is gone");

        assertEquals(List.of("team_member.created", "team_member.updated", "team_member.updated"),
                auditActions(asAdmin().get(w.teams() + "/" + reviewers + "/members").then().extract().path("data[0].id")));
    }

    @Test
    void aCycleIsRefusedWhenItIsWrittenWhateverTheWindows() {
        BindingWorld w = BindingWorld.create();
        String a = w.team();
        String b = w.team();
        String c = w.team();
        asAdmin().body(Map.of("parent_team_id", b, "ends_at", "2999-01-01T00:00:00Z")).post(w.teams() + "/" + a + "/parents")
                .then().statusCode(201);
        asAdmin().body(Map.of("parent_team_id", c, "starts_at", "2998-01-01T00:00:00Z")).post(w.teams() + "/" + b + "/parents")
                .then().statusCode(201);
        asAdmin().body(Map.of("parent_team_id", a)).post(w.teams() + "/" + c + "/parents").then().statusCode(409)
                .body("error.code", equalTo("TEAM_PARENT_CONFLICT")).body("error.message", containsString("cycle"));
        asAdmin().body(Map.of("parent_team_id", a)).post(w.teams() + "/" + a + "/parents").then().statusCode(400);
        asAdmin().body(Map.of("parent_team_id", b)).post(w.teams() + "/" + a + "/parents").then().statusCode(409);
        asAdmin().get(w.teams() + "/" + b + "/parents").then().statusCode(200).body("data", hasSize(1));
    }

    @Test
    void badInputUnknownRowsAndOtherSpacesAreRefused() {
        BindingWorld w = BindingWorld.create();
        String team = w.team();
        asAdmin().body(Map.of("name", "No key")).post(w.teams()).then().statusCode(400).body("error.details.fields.key", notNullValue());
        asAdmin().body(Map.of("member_id", w.member(), "starts_at", in(2), "ends_at", in(1)))
                .post(w.teams() + "/" + team + "/members").then().statusCode(400).body("error.details.fields.ends_at", notNullValue());
        asAdmin().body(Map.of("member_id", w.member(), "starts_at", "soon")).post(w.teams() + "/" + team + "/members")
                .then().statusCode(400).body("error.details.fields.starts_at", notNullValue());
        asAdmin().body(Map.of("member_id", "member_finance_reviewer")).post(w.teams() + "/" + team + "/members")
                .then().statusCode(400).body("error.details.fields.member_id", notNullValue());
        asAdmin().body(Map.of("member_id", w.member())).post(w.teams() + "/" + team + "/members").then().statusCode(201);
        asAdmin().body(Map.of("member_id", w.member())).post(w.teams() + "/" + team + "/members").then().statusCode(409);
        asAdmin().get(w.teams() + "/team_missing").then().statusCode(404).body("error.code", equalTo("TEAM_NOT_FOUND"));
        asAdmin().delete(w.teams() + "/" + team + "/members/member_missing").then().statusCode(404)
                .body("error.code", equalTo("TEAM_MEMBER_NOT_FOUND"));
        asAdmin().get("/api/v1/spaces/space_acme/teams/" + team).then().statusCode(404);
        String otherTeam = asAdmin().body(Map.of("key", AccessFixtures.unique("t"), "name", "Acme team"))
                .post("/api/v1/spaces/space_acme/teams").then().statusCode(201).extract().path("data.id");
        asAdmin().body(Map.of("parent_team_id", otherTeam)).post(w.teams() + "/" + team + "/parents").then().statusCode(400)
                .body("error.details.fields.parent_team_id", notNullValue());
        String otherAdmin = AccessFixtures.spaceAdmin(AccessFixtures.space());
        as(otherAdmin).get(w.teams()).then().statusCode(403);
        as(otherAdmin).body(Map.of("key", "x", "name", "x")).post(w.teams()).then().statusCode(403);
        asAdmin().get(w.teams() + "?status=gone").then().statusCode(400);
    }
}
