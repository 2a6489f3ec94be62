package io.plystra.authz.engine;

import static io.plystra.authz.engine.DecisionScenario.ACME;
import static io.plystra.authz.engine.DecisionScenario.NOW;
import static io.plystra.authz.engine.DecisionScenario.aliceApprovesInvoice001;
import static io.plystra.authz.engine.DecisionScenario.financeApprover;
import static io.plystra.authz.engine.DecisionScenario.inheritance;
import static io.plystra.authz.engine.DecisionScenario.membership;
import static io.plystra.authz.engine.DecisionScenario.team;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Teams, direct permissions and conditions in the engine, by table. */
class ConditionsAndTeamsTest {

    private static final Instant HOUR_AGO = NOW.minus(Duration.ofHours(1));
    private static final Instant IN_AN_HOUR = NOW.plus(Duration.ofHours(1));
    private static final TeamRef REVIEWERS = team("reviewers");
    private static final TeamRef FINANCE = team("finance");
    private static final TeamRef COMPANY = team("company");

    private static Conditions requiring(Condition... conditions) {
        return new Conditions(null, null, List.of(conditions), null);
    }

    private static Attribute attribute(String key, Object value) {
        return new Attribute(key, value, null);
    }

    @Test
    void aTeamsBindingAllowsItsMemberAndTheTraceNamesThePath() {
        Decision decision = aliceApprovesInvoice001()
                .grants(financeApprover().heldBy(COMPANY))
                .teams(membership(REVIEWERS, null, null), inheritance(REVIEWERS, FINANCE, null, null),
                        inheritance(FINANCE, COMPANY, HOUR_AGO, IN_AN_HOUR))
                .decide();

        assertTrue(decision.allows(), decision.reason());
        Candidate candidate = decision.matchedCandidates().get(0);
        assertEquals(List.of(REVIEWERS, FINANCE, COMPANY), candidate.via());
        assertEquals(new SubjectRef("team", COMPANY.id()), candidate.subject());
        assertTrue(decision.reason().contains("via team company"), decision.reason());
    }

    static Stream<Arguments> teamLinksThatDoNotHoldNow() {
        return Stream.of(
                Arguments.of("membership not started", List.of(membership(REVIEWERS, IN_AN_HOUR, null))),
                Arguments.of("membership ended", List.of(membership(REVIEWERS, HOUR_AGO, NOW))),
                Arguments.of("inheritance ended", List.of(membership(REVIEWERS, null, null),
                        inheritance(REVIEWERS, FINANCE, null, HOUR_AGO))),
                Arguments.of("team disabled", List.of(membership(new TeamRef(REVIEWERS.id(), "reviewers", ACME, "disabled"), null, null),
                        inheritance(REVIEWERS, FINANCE, null, null))),
                Arguments.of("another member's membership", List.of(new TeamEdge("member_other", null, REVIEWERS, null, null),
                        inheritance(REVIEWERS, FINANCE, null, null))),
                Arguments.of("no link at all", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("teamLinksThatDoNotHoldNow")
    void aBindingOfATeamNotReachedNowIsNoCandidate(String behaviour, List<TeamEdge> edges) {
        Decision decision = aliceApprovesInvoice001().grants(financeApprover().heldBy(FINANCE))
                .teams(edges.toArray(TeamEdge[]::new)).decide();

        assertEquals(DenyCode.NO_MATCHING_PERMISSION, decision.denyCode(), decision.reason());
    }

    @Test
    void aTeamOfAnotherSpaceOnThePathIsACrossSpaceViolation() {
        TeamRef foreign = new TeamRef("team_foreign", "foreign", "space_other", "active");
        Decision decision = aliceApprovesInvoice001().grants(financeApprover().heldBy(foreign))
                .teams(membership(foreign, null, null)).decide();

        assertEquals(DenyCode.CROSS_SPACE_VIOLATION, decision.denyCode());
        assertFalse(decision.reason().contains("space_other"), decision.reason());
    }

    @Test
    void aDirectPermissionAllowsWithoutARole() {
        Decision decision = aliceApprovesInvoice001().grants(financeApprover().direct()).decide();

        assertTrue(decision.allows(), decision.reason());
        assertNull(decision.matchedCandidates().get(0).role());
        assertTrue(decision.reason().startsWith("allowed by direct permission"), decision.reason());
    }

    static Stream<Arguments> conditions() {
        Attributes attributes = new Attributes(
                Map.of("department", attribute("department", "finance"),
                        "clearance", attribute("clearance", List.of("pii", "finance")),
                        "retired", new Attribute("retired", Boolean.TRUE, NOW)),
                Map.of("amount", attribute("amount", new BigDecimal("9500.50")),
                        "due", attribute("due", Instant.parse("2025-07-01T00:00:00Z"))),
                Map.of("region", attribute("region", "eu-west-1")), Map.of());
        return Stream.of(
                Arguments.of("principal eq", new Condition("principal.department", "eq", "finance"), attributes, true),
                Arguments.of("principal eq other", new Condition("principal.department", "eq", "sales"), attributes, false),
                Arguments.of("ne", new Condition("principal.department", "ne", "sales"), attributes, true),
                Arguments.of("ne on an absent attribute fails", new Condition("principal.title", "ne", "x"), attributes, false),
                Arguments.of("lte number", new Condition("resource.amount", "lte", new BigDecimal(10000)), attributes, true),
                Arguments.of("gt number", new Condition("resource.amount", "gt", new BigDecimal(10000)), attributes, false),
                Arguments.of("lt time", new Condition("resource.due", "lt", "2025-08-01T00:00:00Z"), attributes, true),
                Arguments.of("number against text", new Condition("principal.department", "lt", new BigDecimal(1)), attributes, false),
                Arguments.of("in", new Condition("space.region", "in", List.of("eu-west-1", "eu-central-1")), attributes, true),
                Arguments.of("not_in", new Condition("space.region", "not_in", List.of("us-east-1")), attributes, true),
                Arguments.of("contains list", new Condition("principal.clearance", "contains", "pii"), attributes, true),
                Arguments.of("contains text", new Condition("space.region", "contains", "west"), attributes, true),
                Arguments.of("starts_with", new Condition("space.region", "starts_with", "us-"), attributes, false),
                Arguments.of("an expired attribute is absent", new Condition("principal.retired", "exists", null), attributes, false),
                Arguments.of("exists", new Condition("principal.department", "exists", null), attributes, true),
                Arguments.of("context ip from the request", new Condition("context.ip", "in_cidr", "203.0.113.0/24"), attributes, true),
                Arguments.of("context ip outside", new Condition("context.ip", "in_cidr", "10.0.0.0/8"), attributes, false),
                Arguments.of("context time", new Condition("context.time", "gte", "2025-06-01T09:00:00Z"), attributes, true),
                Arguments.of("context hour (UTC) in working hours", new Condition("context.hour", "gte", 9), attributes, true),
                Arguments.of("context hour (UTC) after noon", new Condition("context.hour", "lt", 12), attributes, false),
                Arguments.of("context weekday: a Sunday is no working day",
                        new Condition("context.weekday", "in", List.of("mon", "tue", "wed", "thu", "fri")), attributes, false),
                Arguments.of("context weekday", new Condition("context.weekday", "eq", "sun"), attributes, true),
                Arguments.of("context sent by the caller", new Condition("context.channel", "eq", "web"), attributes, true),
                Arguments.of("organization absent", new Condition("organization.tier", "eq", "gold"), attributes, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conditions")
    void aCoveredCandidateAllowsOnlyWhenItsConditionsHold(String behaviour, Condition condition, Attributes attributes,
                                                          boolean allows) {
        Decision decision = aliceApprovesInvoice001().grants(financeApprover().conditions(requiring(condition)))
                .attributes(attributes).context(Map.of("channel", "web")).decide();

        assertEquals(allows, decision.allows(), decision.reason());
        Candidate candidate = decision.matchedCandidates().get(0);
        assertEquals(allows, candidate.conditionCheck().satisfied());
        if (!allows) {
            assertEquals(DenyCode.CONDITION_NOT_MET, decision.denyCode());
            assertEquals(condition.toString(), candidate.conditionCheck().failed());
        }
    }

    @Test
    void theCallerCannotSendTheTime() {
        Decision decision = aliceApprovesInvoice001()
                .grants(financeApprover().conditions(requiring(new Condition("context.time", "lt", "2000-01-01T00:00:00Z"))))
                .context(Map.of("time", "1999-01-01T00:00:00Z")).decide();

        assertEquals(DenyCode.CONDITION_NOT_MET, decision.denyCode());
    }

    @Test
    void anUncoveredCandidateIsNotEvaluatedAndTheFirstCandidateGivesTheCode() {
        Decision decision = aliceApprovesInvoice001().grants(
                        financeApprover().role("a_uncovered").scope("self"),
                        financeApprover().role("b_conditional").conditions(requiring(new Condition("principal.x", "exists", null))))
                .decide();

        assertEquals(DenyCode.SCOPE_OUT_OF_BOUNDS, decision.denyCode());
        assertNull(decision.matchedCandidates().get(0).conditionCheck());
        assertEquals(DenyCode.CONDITION_NOT_MET, decision.matchedCandidates().get(1).denyCode());
    }

    @Test
    void anotherCandidateWithoutConditionsStillAllows() {
        Decision decision = aliceApprovesInvoice001().grants(
                        financeApprover().role("a_conditional").conditions(requiring(new Condition("principal.x", "exists", null))),
                        financeApprover().role("b_plain"))
                .decide();

        assertTrue(decision.allows());
        assertTrue(decision.reason().contains("b_plain"), decision.reason());
    }

    @Test
    void theWindowIsHalfOpen() {
        Conditions window = new Conditions(NOW, IN_AN_HOUR, List.of(), null);
        DecisionScenario scenario = aliceApprovesInvoice001().grants(financeApprover().conditions(window));

        assertTrue(scenario.decideAt(NOW).allows());
        assertEquals(DenyCode.BINDING_NOT_YET_VALID, scenario.decideAt(NOW.minusNanos(1)).denyCode());
        assertEquals(DenyCode.BINDING_EXPIRED, scenario.decideAt(IN_AN_HOUR).denyCode());
    }

    static Stream<Arguments> invalidConditions() {
        return Stream.of(
                Arguments.of(Map.of("when", "always"), "when"),
                Arguments.of(Map.of("starts_at", "tomorrow"), "starts_at"),
                Arguments.of(Map.of("starts_at", "2026-02-01T00:00:00Z", "ends_at", "2026-01-01T00:00:00Z"), "ends_at"),
                Arguments.of(Map.of("required_attributes", "x"), "required_attributes"),
                Arguments.of(Map.of("required_attributes", List.of(Map.of("attribute", "user.x", "op", "eq", "value", 1))),
                        "required_attributes[0].attribute"),
                Arguments.of(Map.of("required_attributes", List.of(Map.of("attribute", "resource.x", "op", "like", "value", 1))),
                        "required_attributes[0].op"),
                Arguments.of(Map.of("required_attributes", List.of(Map.of("attribute", "resource.x", "op", "in", "value", 1))),
                        "required_attributes[0].value"),
                Arguments.of(Map.of("required_attributes", List.of(Map.of("attribute", "resource.x", "op", "lt", "value", "abc"))),
                        "required_attributes[0].value"),
                Arguments.of(Map.of("required_attributes", List.of(Map.of("attribute", "context.ip", "op", "in_cidr",
                        "value", "10.0.0.0/33"))), "required_attributes[0].value"),
                Arguments.of(Map.of("required_attributes", List.of(Map.of("attribute", "resource.x", "op", "eq", "value", 1,
                        "note", "x"))), "required_attributes[0].note"),
                Arguments.of(Map.of("column_groups", List.of()), "column_groups"),
                Arguments.of(Map.of("column_groups", List.of("ok", "not ok")), "column_groups[1]"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalidConditions")
    void malformedConditionsAreRefusedNamingTheField(Map<String, Object> json, String field) {
        ConditionParser.InvalidCondition e = assertThrows(ConditionParser.InvalidCondition.class, () -> ConditionParser.parse(json));
        assertEquals(field, e.field());
    }

    @Test
    void theDocumentedExampleParses() {
        Conditions parsed = ConditionParser.parse(Map.of(
                "starts_at", "2026-12-01T00:00:00Z", "ends_at", "2026-12-31T23:59:59Z",
                "required_attributes", List.of(
                        Map.of("attribute", "principal.department", "op", "eq", "value", "finance"),
                        Map.of("attribute", "resource.amount", "op", "lte", "value", 10000),
                        Map.of("attribute", "context.ip", "op", "in_cidr", "value", "10.0.0.0/8")),
                "column_groups", List.of("invoice_basic")));

        assertEquals(Instant.parse("2026-12-01T00:00:00Z"), parsed.startsAt());
        assertEquals(new Condition("resource.amount", "lte", new BigDecimal(10000)), parsed.requiredAttributes().get(1));
        assertEquals(List.of("invoice_basic"), parsed.columnGroups());
    }

    @Test
    void cidrBlocksMatchAddressesOfTheirFamilyOnly() {
        assertTrue(Cidr.parse("10.0.0.0/8").contains("10.200.3.4"));
        assertFalse(Cidr.parse("10.0.0.0/8").contains("11.0.0.1"));
        assertTrue(Cidr.parse("fd00::/8").contains("fd12:3456::1"));
        assertFalse(Cidr.parse("fd00::/8").contains("10.0.0.1"));
        assertTrue(Cidr.parse("::ffff:10.0.0.0/104").contains("::ffff:10.1.2.3"));
        assertTrue(Cidr.parse("0.0.0.0/0").contains("192.0.2.1"));
        assertFalse(Cidr.parse("10.0.0.0/8").contains("10.0.0.1.example.com"));
        assertNull(Cidr.parse("10.0.0/8"));
        assertNull(Cidr.parse("1:2:3:4:5:6:7:8:9/64"));
        assertNull(Cidr.parse("010.0.0.0/8"));
    }
}
