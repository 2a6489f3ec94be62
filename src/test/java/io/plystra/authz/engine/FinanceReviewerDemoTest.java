package io.plystra.authz.engine;

import static io.plystra.authz.engine.DecisionScenario.aliceApprovesInvoice001;
import static io.plystra.authz.engine.DecisionScenario.aliceExpiredBinding;
import static io.plystra.authz.engine.DecisionScenario.aliceRevokedBinding;
import static io.plystra.authz.engine.DecisionScenario.alice;
import static io.plystra.authz.engine.DecisionScenario.bob;
import static io.plystra.authz.engine.DecisionScenario.bobBinding;
import static io.plystra.authz.engine.DecisionScenario.invoice002;
import static io.plystra.authz.engine.DecisionScenario.invoiceType;
import static io.plystra.authz.engine.DecisionScenario.legalEmea;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Finance Reviewer demo: space_acme, member_finance_reviewer, invoice, approve. */
class FinanceReviewerDemoTest {

    @Test
    void allowsAliceToApproveInvoiceInsideFinanceTree() {
        Decision decision = aliceApprovesInvoice001().decide();

        assertTrue(decision.allows(), decision.reason());
        assertEquals("allowed by role finance_approver (invoice:approve, group_tree)", decision.reason());
    }

    @Test
    void deniesAliceApprovingInvoiceOutsideFinanceTree() {
        Decision decision = aliceApprovesInvoice001().targeting(invoice002(), legalEmea()).decide();

        assertEquals("deny", decision.decision());
        assertEquals(DenyCode.SCOPE_OUT_OF_BOUNDS, decision.denyCode());
    }

    @Test
    void allowsBobThroughTheSameMember() {
        Decision decision = aliceApprovesInvoice001().actingAs(bob(), bobBinding()).decide();

        assertTrue(decision.allows(), decision.reason());
        assertEquals("user_bob", decision.actor().user().id());
        assertEquals("um_bob_finance_reviewer", decision.actor().userMember().id());
        assertEquals("member_finance_reviewer", decision.actor().member().id());
    }

    @Test
    void deniesAliceThroughRevokedBindingEvenThoughMemberCouldApprove() {
        Decision decision = aliceApprovesInvoice001().actingAs(alice(), aliceRevokedBinding()).decide();

        assertEquals(DenyCode.USER_MEMBER_REVOKED, decision.denyCode());
    }

    static Stream<Arguments> otherDemoDenials() {
        return Stream.of(
                Arguments.of("deniesAliceThroughExpiredBinding",
                        aliceApprovesInvoice001().actingAs(alice(), aliceExpiredBinding()),
                        DenyCode.USER_MEMBER_EXPIRED),
                Arguments.of("deniesRejectWithoutAGrant", aliceApprovesInvoice001().action("reject"),
                        DenyCode.NO_MATCHING_PERMISSION),
                Arguments.of("deniesUnregisteredContractType",
                        aliceApprovesInvoice001().requestResourceType("contract")
                                .registry(new RegistrySnapshot(null, null)).target(new TargetSnapshot(null, null)),
                        DenyCode.INVALID_RESOURCE_TYPE),
                Arguments.of("deniesUnregisteredVoidAction",
                        aliceApprovesInvoice001().requestAction("void")
                                .registry(new RegistrySnapshot(invoiceType("active"), null)),
                        DenyCode.INVALID_RESOURCE_ACTION));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherDemoDenials")
    void deniesOtherDemoRequests(String behaviour, DecisionScenario scenario, DenyCode expected) {
        Decision decision = scenario.decide();

        assertEquals("deny", decision.decision());
        assertEquals(expected, decision.denyCode(), decision.reason());
    }
}
