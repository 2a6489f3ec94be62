package io.plystra.authz.engine;

import static io.plystra.authz.engine.DecisionScenario.ACME;
import static io.plystra.authz.engine.DecisionScenario.CREATOR;
import static io.plystra.authz.engine.DecisionScenario.REVIEWER;
import static io.plystra.authz.engine.DecisionScenario.aliceApprovesInvoice001;
import static io.plystra.authz.engine.DecisionScenario.finance;
import static io.plystra.authz.engine.DecisionScenario.financeApac;
import static io.plystra.authz.engine.DecisionScenario.financeApprover;
import static io.plystra.authz.engine.DecisionScenario.group;
import static io.plystra.authz.engine.DecisionScenario.invoice001;
import static io.plystra.authz.engine.DecisionScenario.invoiceIn;
import static io.plystra.authz.engine.DecisionScenario.legalEmea;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScopeRulesTest {

    private static final ActorRef REVIEWER_IN_ACME =
            new ActorRef("user_alice", REVIEWER, "um_alice_finance_reviewer", ACME);
    private static final String GROUP_TREE_RULE = "target_path = anchor_path OR target_path LIKE anchor_path || '.%'";

    static Stream<Arguments> groupTreePaths() {
        return Stream.of(
                Arguments.of("finance", "finance", true),
                Arguments.of("finance", "finance.apac", true),
                Arguments.of("finance", "finance.apac.sydney", true),
                Arguments.of("finance.apac", "finance.apac.sydney", true),
                Arguments.of("finance", "finance_old", false),
                Arguments.of("finance", "financeold", false),
                Arguments.of("finance", "finance-old", false),
                Arguments.of("finance", "fin_nce", false),
                Arguments.of("fin_nce", "finance", false),
                Arguments.of("fin%", "finance", false),
                Arguments.of("finance.apac", "finance", false),
                Arguments.of("finance.apac", "finance.emea", false),
                Arguments.of("finance", "legal.finance", false),
                Arguments.of("finance", "finance.", true),
                Arguments.of("", "finance", false),
                Arguments.of(null, "finance", false),
                Arguments.of("finance", null, false));
    }

    @ParameterizedTest(name = "anchor {0} covers {1}: {2}")
    @MethodSource("groupTreePaths")
    void groupTreeCoversOnlyAnchorAndItsDescendants(String anchorPath, String targetPath, boolean expected) {
        assertEquals(expected, GroupTreeScope.covers(anchorPath, targetPath));
    }

    static Stream<Arguments> groupTreeDecisions() {
        return Stream.of(
                Arguments.of("finance", "finance", "allow"),
                Arguments.of("finance", "finance.apac", "allow"),
                Arguments.of("finance", "finance_old", "deny"),
                Arguments.of("finance", "financeold", "deny"),
                Arguments.of("finance", "finance-old", "deny"),
                Arguments.of("finance", "fin_nce", "deny"),
                Arguments.of("fin_nce", "finance", "deny"));
    }

    @ParameterizedTest(name = "anchor {0}, target {1}: {2}")
    @MethodSource("groupTreeDecisions")
    void decidesGroupTreeOnSegmentBoundaries(String anchorPath, String targetPath, String expected) {
        GroupSnapshot anchor = group("group_anchor", anchorPath);
        GroupSnapshot targetGroup = group("group_target", targetPath);

        Decision decision = aliceApprovesInvoice001()
                .targeting(invoiceIn(targetGroup), targetGroup)
                .grants(financeApprover().anchor(anchor))
                .decide();

        assertEquals(expected, decision.decision(), decision.reason());
        if (expected.equals("deny")) {
            assertEquals(DenyCode.SCOPE_OUT_OF_BOUNDS, decision.denyCode());
        }
    }

    static Stream<Arguments> scopeChecks() {
        TargetSnapshot apacInvoice = new TargetSnapshot(invoice001(), financeApac());
        TargetSnapshot ownInvoice = new TargetSnapshot(invoice001(ACME, REVIEWER, "active"), financeApac());
        TargetSnapshot ownerless = new TargetSnapshot(invoice001(ACME, null, "active"), financeApac());
        TargetSnapshot groupless = new TargetSnapshot(invoiceIn(null), null);
        TargetSnapshot groupRowMissing = new TargetSnapshot(invoice001(), null);
        TargetSnapshot archivedGroup = new TargetSnapshot(invoice001(),
                new GroupSnapshot("group_finance_apac", ACME, "finance.apac", "archived"));
        TargetSnapshot foreignInvoice = new TargetSnapshot(invoice001("space_other", CREATOR, "active"), financeApac());
        GroupSnapshot archivedAnchor = new GroupSnapshot("group_finance", ACME, "finance", "archived");
        return Stream.of(
                check("coversSelfWhenActorOwnsResource", "self", null, null, ownInvoice,
                        new ScopeCheck(true, "resource.owner_member_id = actor.member_id",
                                "resource owner member_finance_reviewer is the actor member", null)),
                check("rejectsSelfWhenAnotherMemberOwnsResource", "self", null, null, apacInvoice,
                        new ScopeCheck(false, "resource.owner_member_id = actor.member_id",
                                "resource owner member_invoice_creator is not the actor member member_finance_reviewer",
                                DenyCode.SCOPE_OUT_OF_BOUNDS)),
                check("rejectsSelfWhenResourceHasNoOwner", "self", null, null, ownerless,
                        new ScopeCheck(false, "resource.owner_member_id = actor.member_id",
                                "resource has no owner member", DenyCode.SCOPE_OUT_OF_BOUNDS)),
                check("coversGroupWhenTargetGroupIsAnchor", "group", "group_finance_apac", financeApac(), apacInvoice,
                        new ScopeCheck(true, "target.group_id = anchor.id",
                                "target group group_finance_apac is the anchor group", null)),
                check("rejectsGroupForChildOfAnchor", "group", "group_finance", finance(), apacInvoice,
                        new ScopeCheck(false, "target.group_id = anchor.id",
                                "target group group_finance_apac is not the anchor group group_finance",
                                DenyCode.SCOPE_OUT_OF_BOUNDS)),
                check("rejectsGroupWithoutAnchor", "group", null, null, apacInvoice,
                        new ScopeCheck(false, "target.group_id = anchor.id", "member role has no scope anchor",
                                DenyCode.SCOPE_ANCHOR_MISSING)),
                check("rejectsGroupWhenAnchorRowMissing", "group", "group_gone", null, apacInvoice,
                        new ScopeCheck(false, "target.group_id = anchor.id", "anchor group group_gone does not exist",
                                DenyCode.SCOPE_ANCHOR_MISSING)),
                check("rejectsGroupWhenAnchorArchived", "group", "group_finance", archivedAnchor, apacInvoice,
                        new ScopeCheck(false, "target.group_id = anchor.id", "anchor group group_finance is not active",
                                DenyCode.SCOPE_ANCHOR_MISSING)),
                check("rejectsGroupWhenResourceHasNoGroup", "group", "group_finance", finance(), groupless,
                        new ScopeCheck(false, "target.group_id = anchor.id", "resource has no group",
                                DenyCode.TARGET_GROUP_MISSING)),
                check("rejectsGroupWhenTargetGroupRowMissing", "group", "group_finance", finance(), groupRowMissing,
                        new ScopeCheck(false, "target.group_id = anchor.id",
                                "target group group_finance_apac does not exist", DenyCode.TARGET_GROUP_MISSING)),
                check("rejectsGroupWhenTargetGroupArchived", "group", "group_finance_apac", financeApac(), archivedGroup,
                        new ScopeCheck(false, "target.group_id = anchor.id",
                                "target group group_finance_apac is not active", DenyCode.TARGET_GROUP_MISSING)),
                check("coversGroupTreeBelowAnchor", "group_tree", "group_finance", finance(), apacInvoice,
                        new ScopeCheck(true, GROUP_TREE_RULE, "target path finance.apac is inside anchor finance", null)),
                check("rejectsGroupTreeOutsideAnchor", "group_tree", "group_legal_emea", legalEmea(), apacInvoice,
                        new ScopeCheck(false, GROUP_TREE_RULE, "target path finance.apac is outside anchor legal.emea",
                                DenyCode.SCOPE_OUT_OF_BOUNDS)),
                check("rejectsGroupTreeWithoutAnchor", "group_tree", null, null, apacInvoice,
                        new ScopeCheck(false, GROUP_TREE_RULE, "member role has no scope anchor",
                                DenyCode.SCOPE_ANCHOR_MISSING)),
                check("rejectsGroupTreeWhenAnchorHasNoPath", "group_tree", "group_finance", group("group_finance", " "),
                        apacInvoice,
                        new ScopeCheck(false, GROUP_TREE_RULE, "anchor group group_finance has no path",
                                DenyCode.SCOPE_ANCHOR_MISSING)),
                check("rejectsGroupTreeWhenResourceHasNoGroup", "group_tree", "group_finance", finance(), groupless,
                        new ScopeCheck(false, GROUP_TREE_RULE, "resource has no group", DenyCode.TARGET_GROUP_MISSING)),
                check("coversSpaceForResourceInActorSpace", "space", null, null, apacInvoice,
                        new ScopeCheck(true, "resource.space_id = actor.space_id",
                                "resource space space_acme is the actor space", null)),
                check("rejectsSpaceForResourceInAnotherSpace", "space", null, null, foreignInvoice,
                        new ScopeCheck(false, "resource.space_id = actor.space_id",
                                "resource space space_other is not the actor space space_acme",
                                DenyCode.SCOPE_OUT_OF_BOUNDS)),
                check("neverCoversGlobal", "global", null, null, apacInvoice,
                        new ScopeCheck(false, "global scope is reserved in v1.0", "global scope never covers in v1.0",
                                DenyCode.GLOBAL_SCOPE_DISABLED)),
                check("neverCoversUnknownScope", "GROUP_TREE", "group_finance", finance(), apacInvoice,
                        new ScopeCheck(false, "unknown scope is never covered", "scope GROUP_TREE is not a known scope",
                                DenyCode.SCOPE_OUT_OF_BOUNDS)),
                check("neverCoversMissingScope", null, "group_finance", finance(), apacInvoice,
                        new ScopeCheck(false, "unknown scope is never covered", "permission has no scope",
                                DenyCode.SCOPE_OUT_OF_BOUNDS)),
                check("rejectsEveryScopeWithoutTarget", "self", null, null, null,
                        new ScopeCheck(false, "resource.owner_member_id = actor.member_id",
                                "resource has no owner member", DenyCode.SCOPE_OUT_OF_BOUNDS)));
    }

    private static Arguments check(String behaviour, String scope, String anchorGroupId, GroupSnapshot anchor,
                                   TargetSnapshot target, ScopeCheck expected) {
        return Arguments.of(behaviour, scope, anchorGroupId, anchor, target, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scopeChecks")
    void checksScope(String behaviour, String scope, String anchorGroupId, GroupSnapshot anchor, TargetSnapshot target,
                     ScopeCheck expected) {
        assertEquals(expected, ScopeRules.check(scope, anchorGroupId, anchor, REVIEWER_IN_ACME, target));
    }
}
