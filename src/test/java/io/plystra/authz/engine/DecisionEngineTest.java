package io.plystra.authz.engine;

import static io.plystra.authz.engine.DecisionScenario.ACME;
import static io.plystra.authz.engine.DecisionScenario.NOW;
import static io.plystra.authz.engine.DecisionScenario.OTHER_SPACE;
import static io.plystra.authz.engine.DecisionScenario.REQUEST_META;
import static io.plystra.authz.engine.DecisionScenario.REVIEWER;
import static io.plystra.authz.engine.DecisionScenario.TRACE_ID;
import static io.plystra.authz.engine.DecisionScenario.aliceApprovesInvoice001;
import static io.plystra.authz.engine.DecisionScenario.aliceBinding;
import static io.plystra.authz.engine.DecisionScenario.aliceBindingExpiringAt;
import static io.plystra.authz.engine.DecisionScenario.aliceBindingLinking;
import static io.plystra.authz.engine.DecisionScenario.aliceExpiredBinding;
import static io.plystra.authz.engine.DecisionScenario.aliceRevokedBinding;
import static io.plystra.authz.engine.DecisionScenario.alice;
import static io.plystra.authz.engine.DecisionScenario.finance;
import static io.plystra.authz.engine.DecisionScenario.financeApac;
import static io.plystra.authz.engine.DecisionScenario.financeApprover;
import static io.plystra.authz.engine.DecisionScenario.group;
import static io.plystra.authz.engine.DecisionScenario.invoice001;
import static io.plystra.authz.engine.DecisionScenario.invoice002;
import static io.plystra.authz.engine.DecisionScenario.invoiceIn;
import static io.plystra.authz.engine.DecisionScenario.invoiceRegistry;
import static io.plystra.authz.engine.DecisionScenario.invoiceType;
import static io.plystra.authz.engine.DecisionScenario.legalEmea;
import static io.plystra.authz.engine.DecisionScenario.reviewer;
import static io.plystra.authz.engine.DecisionScenario.reviewerIn;
import static io.plystra.authz.engine.DecisionScenario.acmeInOrganizations;
import static io.plystra.authz.engine.DecisionScenario.acmeWithStatus;
import static io.plystra.authz.engine.DecisionScenario.userWithStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DecisionEngineTest {

    private static final Instant LATER = NOW.plusSeconds(3600);
    private static final Instant EARLIER = NOW.minusSeconds(3600);

    static Stream<Arguments> denials() {
        return Stream.of(
                // step 1: actor exists and lines up
                denies("deniesWhenRequestHasNoActor", aliceApprovesInvoice001().withoutActor(),
                        DenyCode.ACTOR_NOT_FOUND),
                denies("deniesWhenUserMissing", aliceApprovesInvoice001().user(null), DenyCode.ACTOR_NOT_FOUND),
                denies("deniesWhenMemberMissing", aliceApprovesInvoice001().member(null), DenyCode.ACTOR_NOT_FOUND),
                denies("deniesWhenBindingMissing", aliceApprovesInvoice001().binding(null),
                        DenyCode.ACTOR_NOT_FOUND),
                denies("deniesWhenSpaceMissing", aliceApprovesInvoice001().space((SpaceSnapshot) null), DenyCode.ACTOR_NOT_FOUND),
                denies("deniesWhenLoadedUserIsNotTheRequestedOne",
                        aliceApprovesInvoice001().user(DecisionScenario.bob()), DenyCode.ACTOR_NOT_FOUND),
                denies("deniesWhenBindingLinksAnotherUser",
                        aliceApprovesInvoice001().binding(aliceBindingLinking("user_bob", REVIEWER, ACME)),
                        DenyCode.CROSS_SPACE_VIOLATION),
                denies("deniesWhenBindingLinksAnotherMember",
                        aliceApprovesInvoice001().binding(aliceBindingLinking("user_alice", "member_other", ACME)),
                        DenyCode.CROSS_SPACE_VIOLATION),
                denies("deniesWhenBindingInAnotherSpace",
                        aliceApprovesInvoice001().binding(aliceBindingLinking("user_alice", REVIEWER, OTHER_SPACE)),
                        DenyCode.CROSS_SPACE_VIOLATION),
                denies("deniesWhenMemberInAnotherSpace",
                        aliceApprovesInvoice001().member(reviewerIn(OTHER_SPACE, "active")),
                        DenyCode.CROSS_SPACE_VIOLATION),
                // step 2: actor state
                denies("deniesWhenUserInactive", aliceApprovesInvoice001().user(userWithStatus("user_alice", "disabled")),
                        DenyCode.ACTOR_USER_INACTIVE),
                denies("deniesWhenMemberInactive", aliceApprovesInvoice001().member(reviewerIn(ACME, "suspended")),
                        DenyCode.ACTOR_MEMBER_INACTIVE),
                denies("deniesWhenSpaceInactive", aliceApprovesInvoice001().space(acmeWithStatus("archived")),
                        DenyCode.SPACE_INACTIVE),
                denies("deniesWhenTheSpacesOrganizationIsDisabled",
                        aliceApprovesInvoice001().space(acmeInOrganizations("active", "disabled", "active")),
                        DenyCode.ORGANIZATION_INACTIVE),
                denies("deniesWhenAnOrganizationAboveTheSpacesIsDisabled",
                        aliceApprovesInvoice001().space(acmeInOrganizations("active", "active", "disabled")),
                        DenyCode.ORGANIZATION_INACTIVE),
                denies("deniesWhenAnOrganizationHasNoStatus",
                        aliceApprovesInvoice001().space(acmeInOrganizations("active", "active", null)),
                        DenyCode.ORGANIZATION_INACTIVE),
                denies("deniesSpaceInactiveBeforeItsOrganization",
                        aliceApprovesInvoice001().space(acmeInOrganizations("disabled", "disabled", "disabled")),
                        DenyCode.SPACE_INACTIVE),
                denies("deniesOrganizationInactiveBeforeTheBinding",
                        aliceApprovesInvoice001().space(acmeInOrganizations("active", "disabled", "active"))
                                .actingAs(alice(), aliceRevokedBinding()),
                        DenyCode.ORGANIZATION_INACTIVE),
                denies("deniesAServiceWhoseSpacesOrganizationIsDisabled", DecisionScenario.billingServiceApprovesInvoice001()
                        .space(acmeInOrganizations("active", "active", "disabled")),
                        DenyCode.ORGANIZATION_INACTIVE),
                denies("deniesWhenServiceDisabled", DecisionScenario.billingServiceApprovesInvoice001()
                        .service(DecisionScenario.billingService(ACME, DecisionScenario.BILLING_MEMBER, "disabled")),
                        DenyCode.SERVICE_INACTIVE),
                denies("deniesWhenBindingRevoked", aliceApprovesInvoice001().actingAs(alice(), aliceRevokedBinding()),
                        DenyCode.USER_MEMBER_REVOKED),
                denies("deniesWhenBindingExpired", aliceApprovesInvoice001().actingAs(alice(), aliceExpiredBinding()),
                        DenyCode.USER_MEMBER_EXPIRED),
                denies("deniesWhenBindingExpiresExactlyNow",
                        aliceApprovesInvoice001().actingAs(alice(), aliceBindingExpiringAt(NOW)),
                        DenyCode.USER_MEMBER_EXPIRED),
                denies("deniesWhenUserInactiveBeforeCheckingBinding",
                        aliceApprovesInvoice001().actingAs(userWithStatus("user_alice", "disabled"), aliceRevokedBinding()),
                        DenyCode.ACTOR_USER_INACTIVE),
                // step 3: registry
                denies("deniesWhenResourceTypeNotRegistered",
                        aliceApprovesInvoice001().requestResourceType("contract").registry(new RegistrySnapshot(null, null)),
                        DenyCode.INVALID_RESOURCE_TYPE),
                denies("deniesWhenRegistryMissing", aliceApprovesInvoice001().registry(null),
                        DenyCode.INVALID_RESOURCE_TYPE),
                denies("deniesWhenResourceTypeInactive",
                        aliceApprovesInvoice001().registry(new RegistrySnapshot(invoiceType("disabled"),
                                DecisionScenario.registeredAction("approve", "active"))),
                        DenyCode.INVALID_RESOURCE_TYPE),
                denies("deniesWhenActionNotRegistered",
                        aliceApprovesInvoice001().requestAction("void")
                                .registry(new RegistrySnapshot(invoiceType("active"), null)),
                        DenyCode.INVALID_RESOURCE_ACTION),
                denies("deniesWhenRegisteredActionIsNotTheRequestedOne",
                        aliceApprovesInvoice001().requestAction("void"), DenyCode.INVALID_RESOURCE_ACTION),
                denies("deniesWhenActionInactive",
                        aliceApprovesInvoice001().registry(new RegistrySnapshot(invoiceType("active"),
                                DecisionScenario.registeredAction("approve", "disabled"))),
                        DenyCode.INVALID_RESOURCE_ACTION),
                // step 4: target
                denies("deniesWhenResourceNotFound", aliceApprovesInvoice001().target(new TargetSnapshot(null, null)),
                        DenyCode.RESOURCE_NOT_FOUND),
                denies("deniesWhenTargetMissing", aliceApprovesInvoice001().target(null), DenyCode.RESOURCE_NOT_FOUND),
                denies("deniesWhenResourceArchived",
                        aliceApprovesInvoice001().targeting(invoice001(ACME, "member_invoice_creator", "archived"),
                                financeApac()),
                        DenyCode.RESOURCE_ARCHIVED),
                // step 5: same space
                denies("deniesWhenResourceInAnotherSpace",
                        aliceApprovesInvoice001().targeting(invoice001(OTHER_SPACE, "member_invoice_creator", "active"),
                                financeApac()),
                        DenyCode.CROSS_SPACE_VIOLATION),
                denies("deniesWhenTargetGroupInAnotherSpace",
                        aliceApprovesInvoice001().targeting(invoice001(),
                                new GroupSnapshot("group_finance_apac", OTHER_SPACE, "finance.apac", "active")),
                        DenyCode.CROSS_SPACE_VIOLATION),
                denies("deniesWhenRoleInAnotherSpace",
                        aliceApprovesInvoice001().grants(financeApprover().roleSpace(OTHER_SPACE)),
                        DenyCode.CROSS_SPACE_VIOLATION),
                denies("deniesWhenMemberRoleInAnotherSpace",
                        aliceApprovesInvoice001().grants(financeApprover().memberRoleSpace(OTHER_SPACE)),
                        DenyCode.CROSS_SPACE_VIOLATION),
                denies("deniesWhenScopeAnchorInAnotherSpace",
                        aliceApprovesInvoice001().grants(financeApprover()
                                .anchor(new GroupSnapshot("group_finance", OTHER_SPACE, "finance", "active"))),
                        DenyCode.CROSS_SPACE_VIOLATION),
                denies("deniesWhenGlobalRoleIsBoundInAnotherSpace",
                        aliceApprovesInvoice001().grants(financeApprover().globalRole().memberRoleSpace(OTHER_SPACE)),
                        DenyCode.CROSS_SPACE_VIOLATION),
                denies("deniesWhenGlobalRoleAnchorIsInAnotherSpace",
                        aliceApprovesInvoice001().grants(financeApprover().globalRole()
                                .anchor(new GroupSnapshot("group_finance", OTHER_SPACE, "finance", "active"))),
                        DenyCode.CROSS_SPACE_VIOLATION),
                denies("deniesWhenGlobalRoleNamesASpace",
                        aliceApprovesInvoice001().grants(financeApprover().globalRole().roleSpace(ACME)),
                        DenyCode.CROSS_SPACE_VIOLATION),
                denies("deniesWhenSpaceRoleHasNoSpace",
                        aliceApprovesInvoice001().grants(financeApprover().roleSpace(null)),
                        DenyCode.CROSS_SPACE_VIOLATION),
                denies("deniesWhenOrganizationRoleHasNoSpace",
                        aliceApprovesInvoice001().grants(financeApprover().roleLevel("organization").roleSpace(null)),
                        DenyCode.CROSS_SPACE_VIOLATION),
                denies("deniesWhenOrganizationRoleIsOfAnOrganizationAboveNoneOfTheSpaces",
                        aliceApprovesInvoice001().space(acmeInOrganizations("active", "active", "active"))
                                .grants(financeApprover().organizationRole("org_elsewhere")),
                        DenyCode.CROSS_SPACE_VIOLATION),
                denies("deniesWhenOrganizationRoleIsBoundInASpaceOfNoOrganization",
                        aliceApprovesInvoice001().grants(financeApprover().organizationRole(DecisionScenario.FINANCE_ORG)),
                        DenyCode.CROSS_SPACE_VIOLATION),
                denies("deniesWhenOrganizationRoleNamesASpace",
                        aliceApprovesInvoice001().space(acmeInOrganizations("active", "active", "active"))
                                .grants(financeApprover().organizationRole(DecisionScenario.FINANCE_ORG).roleSpace(ACME)),
                        DenyCode.CROSS_SPACE_VIOLATION),
                denies("deniesWhenRoleOfAnotherSpaceClaimsNoLevel",
                        aliceApprovesInvoice001().grants(financeApprover().roleLevel(null).roleSpace(OTHER_SPACE)),
                        DenyCode.CROSS_SPACE_VIOLATION),
                denies("deniesWhenAnyCandidateIsInAnotherSpaceEvenIfAnotherCovers",
                        aliceApprovesInvoice001().grants(financeApprover(),
                                financeApprover().role("z_foreign").roleSpace(OTHER_SPACE)),
                        DenyCode.CROSS_SPACE_VIOLATION),
                // step 6: candidates
                denies("deniesWhenMemberHasNoGrants", aliceApprovesInvoice001().grants(List.of()),
                        DenyCode.NO_MATCHING_PERMISSION),
                denies("deniesWhenGrantListMissing", aliceApprovesInvoice001().grants((List<Grant>) null),
                        DenyCode.NO_MATCHING_PERMISSION),
                denies("deniesWhenNoGrantMatchesAction", aliceApprovesInvoice001().action("reject"),
                        DenyCode.NO_MATCHING_PERMISSION),
                denies("deniesWhenGrantIsForAnotherResourceType",
                        aliceApprovesInvoice001().grants(financeApprover().permission("contract", "approve", "group_tree")),
                        DenyCode.NO_MATCHING_PERMISSION),
                denies("deniesWhenMemberRoleRevoked",
                        aliceApprovesInvoice001().grants(financeApprover().memberRoleStatus("revoked")),
                        DenyCode.NO_MATCHING_PERMISSION),
                denies("deniesWhenMemberRoleExpired",
                        aliceApprovesInvoice001().grants(financeApprover().memberRoleExpiresAt(EARLIER)),
                        DenyCode.NO_MATCHING_PERMISSION),
                denies("deniesWhenMemberRoleExpiresExactlyNow",
                        aliceApprovesInvoice001().grants(financeApprover().memberRoleExpiresAt(NOW)),
                        DenyCode.NO_MATCHING_PERMISSION),
                denies("deniesWhenMemberRoleBelongsToAnotherMember",
                        aliceApprovesInvoice001().grants(financeApprover().memberRoleMember("member_other")),
                        DenyCode.NO_MATCHING_PERMISSION),
                denies("deniesWhenRoleInactive",
                        aliceApprovesInvoice001().grants(financeApprover().roleStatus("disabled")),
                        DenyCode.NO_MATCHING_PERMISSION),
                denies("deniesWhenRolePermissionInactive",
                        aliceApprovesInvoice001().grants(financeApprover().rolePermissionStatus("revoked")),
                        DenyCode.NO_MATCHING_PERMISSION),
                denies("deniesWhenPermissionInactive",
                        aliceApprovesInvoice001().grants(financeApprover().permissionStatus("disabled")),
                        DenyCode.NO_MATCHING_PERMISSION),
                // step 7: scope
                denies("deniesWhenMemberRoleHasNoAnchor", aliceApprovesInvoice001().grants(financeApprover().noAnchor()),
                        DenyCode.SCOPE_ANCHOR_MISSING),
                denies("deniesWhenAnchorRowMissing",
                        aliceApprovesInvoice001().grants(financeApprover().anchorRowMissing("group_gone")),
                        DenyCode.SCOPE_ANCHOR_MISSING),
                denies("deniesWhenAnchorGroupArchived",
                        aliceApprovesInvoice001().grants(financeApprover()
                                .anchor(new GroupSnapshot("group_finance", ACME, "finance", "archived"))),
                        DenyCode.SCOPE_ANCHOR_MISSING),
                denies("deniesWhenTargetHasNoGroup", aliceApprovesInvoice001().targeting(invoiceIn(null), null),
                        DenyCode.TARGET_GROUP_MISSING),
                denies("deniesWhenTargetGroupRowMissing", aliceApprovesInvoice001().targeting(invoice001(), null),
                        DenyCode.TARGET_GROUP_MISSING),
                denies("deniesWhenTargetOutsideAnchorTree", aliceApprovesInvoice001().targeting(invoice002(), legalEmea()),
                        DenyCode.SCOPE_OUT_OF_BOUNDS),
                denies("deniesWhenGroupScopeAndTargetInChildGroup",
                        aliceApprovesInvoice001().grants(financeApprover().scope("group")),
                        DenyCode.SCOPE_OUT_OF_BOUNDS),
                denies("deniesWhenSelfScopeAndActorIsNotOwner",
                        aliceApprovesInvoice001().grants(financeApprover().scope("self")),
                        DenyCode.SCOPE_OUT_OF_BOUNDS),
                denies("deniesWhenScopeUnknown", aliceApprovesInvoice001().grants(financeApprover().scope("planet")),
                        DenyCode.SCOPE_OUT_OF_BOUNDS),
                denies("deniesWhenOnlyGlobalScope", aliceApprovesInvoice001().grants(financeApprover().scope("global")),
                        DenyCode.GLOBAL_SCOPE_DISABLED),
                denies("deniesWhenACoveredCandidatesAttributeConditionFails",
                        aliceApprovesInvoice001().grants(financeApprover().conditions(new Conditions(null, null,
                                List.of(new Condition("resource.amount", "lte", new java.math.BigDecimal(10000))), null))),
                        DenyCode.CONDITION_NOT_MET),
                denies("deniesWhenACoveredCandidatesWindowHasNotStarted",
                        aliceApprovesInvoice001().grants(financeApprover().conditions(
                                new Conditions(NOW.plusSeconds(1), null, List.of(), null))),
                        DenyCode.BINDING_NOT_YET_VALID),
                denies("deniesWhenACoveredCandidatesWindowHasEnded",
                        aliceApprovesInvoice001().grants(financeApprover().conditions(
                                new Conditions(null, NOW, List.of(), null))),
                        DenyCode.BINDING_EXPIRED));
    }

    private static Arguments denies(String behaviour, DecisionScenario scenario, DenyCode expected) {
        return Arguments.of(behaviour, scenario, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("denials")
    void deniesWithCode(String behaviour, DecisionScenario scenario, DenyCode expected) {
        Decision decision = scenario.decide();

        assertEquals("deny", decision.decision());
        assertFalse(decision.allows());
        assertEquals(expected, decision.denyCode(), decision.reason());
        assertFalse(decision.reason() == null || decision.reason().isBlank());
    }

    @Test
    void reachesEveryDenyCodeThroughDecide() {
        Set<DenyCode> reached = denials()
                .map(arguments -> (DenyCode) arguments.get()[2])
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(DenyCode.class)));

        // ROUTE_NOT_MAPPED is the gateway's (gateway/ForwardService), decided before the engine runs; the column codes
        // are ColumnDecisions' (ColumnDecisionsTest).
        assertEquals(EnumSet.complementOf(EnumSet.of(DenyCode.ROUTE_NOT_MAPPED, DenyCode.UNKNOWN_COLUMN, DenyCode.COLUMN_NOT_GRANTED)),
                reached);
    }

    static Stream<Arguments> allowances() {
        return Stream.of(
                Arguments.of("allowsGroupTreeWhenTargetBelowAnchor", aliceApprovesInvoice001()),
                Arguments.of("allowsGroupTreeWhenTargetIsAnchor", aliceApprovesInvoice001().targeting(invoiceIn(finance()), finance())),
                Arguments.of("allowsGroupWhenTargetIsAnchorGroup",
                        aliceApprovesInvoice001().grants(financeApprover().scope("group").anchor(financeApac()))),
                Arguments.of("allowsSelfWhenActorOwnsResource",
                        aliceApprovesInvoice001().targeting(invoice001(ACME, REVIEWER, "active"), financeApac())
                                .grants(financeApprover().scope("self").noAnchor())),
                Arguments.of("allowsSpaceForResourceInActorSpace",
                        aliceApprovesInvoice001().grants(financeApprover().scope("space").noAnchor())),
                Arguments.of("allowsSpaceForResourceWithoutGroup",
                        aliceApprovesInvoice001().targeting(invoiceIn(null), null)
                                .grants(financeApprover().scope("space").noAnchor())),
                Arguments.of("allowsWhenBindingExpiresLater",
                        aliceApprovesInvoice001().actingAs(alice(), aliceBindingExpiringAt(LATER))),
                Arguments.of("allowsWhenMemberRoleExpiresLater",
                        aliceApprovesInvoice001().grants(financeApprover().memberRoleExpiresAt(LATER))),
                Arguments.of("allowsWhenLiveGrantSitsBesideExcludedOnes",
                        aliceApprovesInvoice001().grants(
                                financeApprover().role("a_revoked").memberRoleStatus("revoked"),
                                financeApprover().role("b_expired").memberRoleExpiresAt(EARLIER),
                                financeApprover().role("c_disabled").roleStatus("disabled"),
                                financeApprover(),
                                financeApprover().role("d_unlinked").rolePermissionStatus("revoked"),
                                financeApprover().role("e_retired").permissionStatus("disabled"))),
                Arguments.of("allowsARoleOfTheSpacesOrganization",
                        aliceApprovesInvoice001().space(acmeInOrganizations("active", "active", "active"))
                                .grants(financeApprover().organizationRole(DecisionScenario.FINANCE_ORG))),
                Arguments.of("allowsARoleOfAnOrganizationAboveTheSpaces",
                        aliceApprovesInvoice001().space(acmeInOrganizations("active", "active", "active"))
                                .grants(financeApprover().organizationRole(DecisionScenario.HOLDING_ORG))),
                Arguments.of("allowsGlobalRoleBoundInTheActorSpace",
                        aliceApprovesInvoice001().grants(financeApprover().globalRole())),
                Arguments.of("allowsWhenExcludedGrantIsInAnotherSpace",
                        aliceApprovesInvoice001().grants(financeApprover(),
                                financeApprover().role("foreign").roleSpace(OTHER_SPACE).roleStatus("disabled"))),
                Arguments.of("allowsWhenOneUncoveredAndOneCoveredCandidate",
                        aliceApprovesInvoice001().grants(
                                financeApprover().role("a_global").scope("global").noAnchor(),
                                financeApprover())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allowances")
    void allows(String behaviour, DecisionScenario scenario) {
        Decision decision = scenario.decide();

        assertEquals("allow", decision.decision(), decision.reason());
        assertTrue(decision.allows());
        assertNull(decision.denyCode());
        assertTrue(decision.matchedCandidates().stream().anyMatch(c -> c.scopeCheck().covered()));
    }

    @Test
    void theTraceRecordsTheRoleVersionAndAGlobalRoleWithoutSpace() {
        Decision decision = aliceApprovesInvoice001().grants(financeApprover().roleVersion(7)).decide();
        assertEquals(new RoleRef("role_finance_approver", "finance_approver", ACME, 7),
                decision.matchedCandidates().get(0).role());

        Decision global = aliceApprovesInvoice001().grants(financeApprover().globalRole().roleVersion(3)).decide();
        assertEquals("allow", global.decision(), global.reason());
        assertEquals(new RoleRef("role_finance_approver", "finance_approver", null, 3), global.matchedCandidates().get(0).role());
    }

    @Test
    void listsEveryCandidateWithItsScopeCheckWhenOneCovers() {
        Decision decision = aliceApprovesInvoice001()
                .grants(financeApprover().role("a_global").scope("global").noAnchor(), financeApprover())
                .decide();

        assertTrue(decision.allows());
        assertEquals(2, decision.matchedCandidates().size());
        Candidate global = decision.matchedCandidates().get(0);
        assertEquals("a_global", global.role().key());
        assertFalse(global.scopeCheck().covered());
        assertEquals(DenyCode.GLOBAL_SCOPE_DISABLED, global.scopeCheck().denyCode());
        assertTrue(decision.matchedCandidates().get(1).scopeCheck().covered());
        assertEquals("allowed by role finance_approver (invoice:approve, group_tree)", decision.reason());
    }

    @Test
    void deniesWithCodeOfFirstCandidateByRoleKeyWhateverTheInputOrder() {
        Grant anchorMissing = financeApprover().role("b_missing_anchor").noAnchor().build();
        Grant global = financeApprover().role("a_global").scope("global").noAnchor().build();
        Grant outOfBounds = financeApprover().role("c_out_of_bounds").build();

        for (List<Grant> order : permutations(List.of(anchorMissing, global, outOfBounds))) {
            Decision decision = aliceApprovesInvoice001().targeting(invoice002(), legalEmea()).grants(order).decide();

            assertEquals(DenyCode.GLOBAL_SCOPE_DISABLED, decision.denyCode());
            assertEquals(List.of("a_global", "b_missing_anchor", "c_out_of_bounds"), roleKeys(decision));
        }
    }

    @Test
    void breaksRoleKeyTiesByScopeThenPermissionThenMemberRole() {
        Grant groupTree = financeApprover().build();
        Grant group = financeApprover().scope("group").build();
        Grant groupByLaterPermission = financeApprover().scope("group").permissionId("perm_z").build();
        Grant groupByLaterMemberRole = financeApprover().scope("group").permissionId("perm_z")
                .memberRole("mr_z").noAnchor().build();

        for (List<Grant> order : permutations(List.of(groupTree, group, groupByLaterPermission, groupByLaterMemberRole))) {
            Decision decision = aliceApprovesInvoice001().targeting(invoice002(), legalEmea()).grants(order).decide();

            List<String> keys = decision.matchedCandidates().stream()
                    .map(c -> c.permission().scope() + "/" + c.permission().id() + "/" + c.memberRole().id())
                    .toList();
            assertEquals(List.of(
                    "group/perm_invoice_approve_group/mr_finance_reviewer_approver_finance",
                    "group/perm_z/mr_finance_reviewer_approver_finance",
                    "group/perm_z/mr_z",
                    "group_tree/perm_invoice_approve_group_tree/mr_finance_reviewer_approver_finance"), keys);
            assertEquals(DenyCode.SCOPE_OUT_OF_BOUNDS, decision.denyCode());
        }
    }

    @Test
    void decidesTheSameWhateverTheGrantOrder() {
        List<Grant> grants = List.of(
                financeApprover().role("a_global").scope("global").noAnchor().build(),
                financeApprover().build(),
                financeApprover().role("b_self").scope("self").noAnchor().build(),
                financeApprover().role("c_revoked").memberRoleStatus("revoked").build());

        for (DecisionScenario base : List.of(aliceApprovesInvoice001(),
                aliceApprovesInvoice001().targeting(invoice002(), legalEmea()))) {
            Decision expected = base.grants(grants).decide();
            for (List<Grant> order : permutations(grants)) {
                assertEquals(expected, base.grants(order).decide());
            }
        }
    }

    @Test
    void carriesTheWholeTraceOnAllow() {
        Decision decision = aliceApprovesInvoice001().decide();

        assertEquals("1.0", decision.traceVersion());
        assertEquals(TRACE_ID, decision.traceId());
        assertEquals("allow", decision.decision());
        assertEquals(new ActorSnapshot(alice(), DecisionScenario.reviewer(), aliceBinding()), decision.actor());
        assertEquals(DecisionScenario.acme(), decision.space());
        assertEquals(new TargetSnapshot(invoice001(), financeApac()), decision.target());
        assertEquals(invoiceRegistry("approve"), decision.resourceRegistry());
        assertEquals(REQUEST_META, decision.request());
        assertEquals(NOW, decision.evaluatedAt());
        assertNull(decision.auditLogId());

        assertEquals(List.of(new Candidate(
                new RoleRef("role_finance_approver", "finance_approver", ACME),
                new MemberRoleRef("mr_finance_reviewer_approver_finance", ACME, null),
                new PermissionRef("perm_invoice_approve_group_tree", "invoice", "approve", "group_tree"),
                finance(),
                new ScopeCheck(true, "target_path = anchor_path OR target_path LIKE anchor_path || '.%'",
                        "target path finance.apac is inside anchor finance", null),
                new SubjectRef("member", DecisionScenario.REVIEWER), null, null, null)),
                decision.matchedCandidates());
    }

    @Test
    void carriesTheGivenSnapshotsWhenStoppingEarly() {
        Decision decision = aliceApprovesInvoice001().actingAs(alice(), aliceRevokedBinding()).decide();

        assertEquals(DenyCode.USER_MEMBER_REVOKED, decision.denyCode());
        assertEquals("user member um_alice_finance_reviewer_revoked is revoked", decision.reason());
        assertEquals(aliceRevokedBinding(), decision.actor().userMember());
        assertEquals(new TargetSnapshot(invoice001(), financeApac()), decision.target());
        assertEquals(invoiceRegistry("approve"), decision.resourceRegistry());
        assertEquals(List.of(), decision.matchedCandidates());
        assertEquals(NOW, decision.evaluatedAt());
    }

    /** A caller of one space learns nothing of another: the trace keeps only the ids of foreign rows. */
    @Test
    void tracesRowsOfAnotherSpaceByIdOnly() {
        Decision foreignTuple = aliceApprovesInvoice001().member(reviewerIn(OTHER_SPACE, "active"))
                .binding(aliceBindingLinking("user_alice", REVIEWER, OTHER_SPACE)).decide();
        assertEquals(DenyCode.CROSS_SPACE_VIOLATION, foreignTuple.denyCode());
        assertEquals(new UserSnapshot("user_alice", null, null), foreignTuple.actor().user());
        assertEquals(new MemberSnapshot(REVIEWER, null, null, null), foreignTuple.actor().member());
        assertEquals(new UserMemberSnapshot("um_alice_finance_reviewer", null, null, null, null, null, false, null),
                foreignTuple.actor().userMember());
        assertFalse(foreignTuple.reason().contains(OTHER_SPACE), foreignTuple.reason());

        Decision foreignTarget = aliceApprovesInvoice001()
                .targeting(invoice001(OTHER_SPACE, "member_invoice_creator", "active"),
                        new GroupSnapshot("group_other", OTHER_SPACE, "other", "active")).decide();
        ResourceSnapshot resource = foreignTarget.target().resource();
        assertEquals("invoice_001", resource.id());
        assertNull(resource.displayName());
        assertNull(resource.groupPath());
        assertNull(resource.ownerMemberId());
        assertNull(resource.spaceId());
        assertNull(foreignTarget.target().group().path());
        assertFalse(foreignTarget.reason().contains(OTHER_SPACE), foreignTarget.reason());

        Decision own = aliceApprovesInvoice001().decide();
        assertEquals(alice(), own.actor().user());
        assertEquals(reviewer(), own.actor().member());
        assertEquals(aliceBinding(), own.actor().userMember());
    }

    @Test
    void listsNoCandidatesAfterSameSpaceViolation() {
        Decision decision = aliceApprovesInvoice001().grants(financeApprover().roleSpace(OTHER_SPACE)).decide();

        assertEquals(DenyCode.CROSS_SPACE_VIOLATION, decision.denyCode());
        assertEquals("role finance_approver is not in space space_acme", decision.reason());
        assertEquals(List.of(), decision.matchedCandidates());
    }

    @Test
    void explainsScopeDenyWithFirstUncoveredCandidate() {
        Decision decision = aliceApprovesInvoice001().targeting(invoice002(), legalEmea()).decide();

        assertEquals("no candidate covers the target; first is role finance_approver (invoice:approve, group_tree): "
                + "target path legal.emea is outside anchor finance", decision.reason());
    }

    @Test
    void keepsEverythingElseWhenAuditLogIdIsSet() {
        Decision decision = aliceApprovesInvoice001().decide();

        Decision audited = decision.withAuditLogId("audit_1");

        assertEquals("audit_1", audited.auditLogId());
        assertEquals(decision, audited.withAuditLogId(null));
    }

    @Test
    void deniesInsteadOfThrowingWhenEverySnapshotIsMissing() {
        DecisionRequest request = new DecisionRequest(new ActorRef(null, null, null, null), null, null, null, null);

        Decision decision = new DecisionEngine().decide(request, NOTHING, NOW, null);

        assertEquals(DenyCode.ACTOR_NOT_FOUND, decision.denyCode());
        assertEquals(new ActorSnapshot(null, null, null), decision.actor());
        assertEquals(List.of(), decision.matchedCandidates());
    }

    @Test
    void deniesInsteadOfThrowingOnRowsFullOfNulls() {
        Grant empty = new Grant(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null);
        List<Grant> grants = new ArrayList<>(Arrays.asList(null, empty));

        Decision decision = aliceApprovesInvoice001().grants(grants).decide();
        assertEquals(DenyCode.NO_MATCHING_PERMISSION, decision.denyCode());

        Decision blankStatuses = aliceApprovesInvoice001()
                .user(new UserSnapshot("user_alice", null, null)).decide();
        assertEquals(DenyCode.ACTOR_USER_INACTIVE, blankStatuses.denyCode());

        Decision blankResource = aliceApprovesInvoice001()
                .target(new TargetSnapshot(new ResourceSnapshot("invoice_001", "invoice", null, null, null, null, null,
                        "active"), null)).decide();
        assertEquals(DenyCode.CROSS_SPACE_VIOLATION, blankResource.denyCode());

        Decision nullScope = aliceApprovesInvoice001().grants(financeApprover().scope(null)).decide();
        assertEquals(DenyCode.SCOPE_OUT_OF_BOUNDS, nullScope.denyCode());

        Decision pathless = aliceApprovesInvoice001()
                .targeting(invoice001(), group("group_finance_apac", null)).decide();
        assertEquals(DenyCode.TARGET_GROUP_MISSING, pathless.denyCode());
    }

    @Test
    void throwsOnlyWithoutRequestSnapshotOrClock() {
        DecisionEngine engine = new DecisionEngine();
        DecisionRequest request = aliceApprovesInvoice001().request();

        assertThrows(NullPointerException.class, () -> engine.decide(null, NOTHING, NOW, null));
        assertThrows(NullPointerException.class, () -> engine.decide(request, null, NOW, null));
        assertThrows(NullPointerException.class, () -> engine.decide(request, NOTHING, null, null));
    }

    /** A snapshot in which no row exists. */
    private static final DecisionSnapshot NOTHING = new DecisionSnapshot(null, null, null, null, null);

    private static List<String> roleKeys(Decision decision) {
        return decision.matchedCandidates().stream().map(c -> c.role().key()).toList();
    }

    private static List<List<Grant>> permutations(List<Grant> grants) {
        if (grants.size() <= 1) {
            return List.of(grants);
        }
        List<List<Grant>> result = new ArrayList<>();
        for (int i = 0; i < grants.size(); i++) {
            List<Grant> rest = new ArrayList<>(grants);
            Grant head = rest.remove(i);
            for (List<Grant> tail : permutations(rest)) {
                List<Grant> order = new ArrayList<>();
                order.add(head);
                order.addAll(tail);
                result.add(Collections.unmodifiableList(order));
            }
        }
        return result;
    }
}
