package io.plystra.authz.engine;

import static io.plystra.authz.engine.DecisionScenario.ACME;
import static io.plystra.authz.engine.DecisionScenario.BILLING_MEMBER;
import static io.plystra.authz.engine.DecisionScenario.BILLING_SERVICE;
import static io.plystra.authz.engine.DecisionScenario.NOW;
import static io.plystra.authz.engine.DecisionScenario.OTHER_SPACE;
import static io.plystra.authz.engine.DecisionScenario.REVIEWER;
import static io.plystra.authz.engine.DecisionScenario.TRACE_ID;
import static io.plystra.authz.engine.DecisionScenario.acmeWithStatus;
import static io.plystra.authz.engine.DecisionScenario.billingMember;
import static io.plystra.authz.engine.DecisionScenario.billingService;
import static io.plystra.authz.engine.DecisionScenario.billingServiceApprovesInvoice001;
import static io.plystra.authz.engine.DecisionScenario.financeApprover;
import static io.plystra.authz.engine.DecisionScenario.reviewer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Steps 1 and 2 of the service form of the actor ({@code {service_id, member_id, space_id}}): the service,
 * its member and the space exist and name each other, the member is a service's member; then the service,
 * the member and the space are active. After step 2 a service is a member like any other.
 */
class ServiceActorEngineTest {

    static Stream<Arguments> denials() {
        return Stream.of(
                // step 1: the service form exists and lines up
                Arguments.of("deniesWhenServiceMissing", billingServiceApprovesInvoice001().service(null), DenyCode.ACTOR_NOT_FOUND),
                Arguments.of("deniesWhenLoadedServiceIsAnother", billingServiceApprovesInvoice001()
                        .service(new ServiceSnapshot("svc_other", ACME, BILLING_MEMBER, "Other", "active")), DenyCode.ACTOR_NOT_FOUND),
                Arguments.of("deniesWhenServiceMemberMissing", billingServiceApprovesInvoice001().member(null), DenyCode.ACTOR_NOT_FOUND),
                Arguments.of("deniesWhenServiceSpaceMissing", billingServiceApprovesInvoice001().space((SpaceSnapshot) null),
                        DenyCode.ACTOR_NOT_FOUND),
                Arguments.of("deniesWhenServiceActsAsAnotherMember", billingServiceApprovesInvoice001()
                        .naming(null, BILLING_SERVICE, REVIEWER, null, ACME).member(reviewer()), DenyCode.CROSS_SPACE_VIOLATION),
                Arguments.of("deniesWhenServiceInAnotherSpace", billingServiceApprovesInvoice001()
                        .service(billingService(OTHER_SPACE, BILLING_MEMBER, "active")), DenyCode.CROSS_SPACE_VIOLATION),
                Arguments.of("deniesWhenServiceMemberInAnotherSpace", billingServiceApprovesInvoice001()
                        .member(billingMember(OTHER_SPACE, "active", "service")), DenyCode.CROSS_SPACE_VIOLATION),
                Arguments.of("deniesWhenServiceMemberIsNoServiceMember", billingServiceApprovesInvoice001()
                        .member(billingMember(ACME, "active", "person")), DenyCode.ACTOR_NOT_FOUND),
                Arguments.of("deniesWhenRequestMixesTheForms", billingServiceApprovesInvoice001()
                        .naming("user_alice", BILLING_SERVICE, BILLING_MEMBER, null, ACME), DenyCode.ACTOR_NOT_FOUND),
                // step 2: the service form's state
                Arguments.of("deniesWhenServiceDisabled", billingServiceApprovesInvoice001()
                        .service(billingService(ACME, BILLING_MEMBER, "disabled")), DenyCode.SERVICE_INACTIVE),
                Arguments.of("deniesWhenServiceMemberDisabled", billingServiceApprovesInvoice001()
                        .member(billingMember(ACME, "disabled", "service")), DenyCode.ACTOR_MEMBER_INACTIVE),
                Arguments.of("deniesWhenServiceSpaceDisabled", billingServiceApprovesInvoice001().space(acmeWithStatus("disabled")),
                        DenyCode.SPACE_INACTIVE),
                Arguments.of("deniesServiceInactiveBeforeMemberInactive", billingServiceApprovesInvoice001()
                        .service(billingService(ACME, BILLING_MEMBER, "disabled")).member(billingMember(ACME, "disabled", "service")),
                        DenyCode.SERVICE_INACTIVE),
                // after step 2 a service is a member like any other
                Arguments.of("deniesServiceWithoutAGrantOfItsMember", billingServiceApprovesInvoice001()
                        .grants(financeApprover()), DenyCode.NO_MATCHING_PERMISSION));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("denials")
    void deniesWithCode(String behaviour, DecisionScenario scenario, DenyCode expected) {
        Decision decision = scenario.decide();
        assertEquals("deny", decision.decision());
        assertEquals(expected, decision.denyCode(), decision.reason());
    }

    @Test
    void allowsAServiceThroughAMemberRoleOfItsMember() {
        Decision decision = billingServiceApprovesInvoice001().decide();
        assertTrue(decision.allows(), decision.reason());
        assertEquals(1, decision.matchedCandidates().size());
        assertEquals("finance_approver", decision.matchedCandidates().get(0).role().key());
    }

    @Test
    void theTraceShowsTheServiceAndNoUser() {
        Decision decision = billingServiceApprovesInvoice001().decide();
        assertEquals(billingService(), decision.actor().service());
        assertEquals(billingMember(), decision.actor().member());
        assertNull(decision.actor().user());
        assertNull(decision.actor().userMember());
    }

    @Test
    void aHumanTraceHasNoService() {
        assertNull(DecisionScenario.aliceApprovesInvoice001().decide().actor().service());
    }

    @Test
    void aServiceOfAnotherSpaceIsTracedByIdOnly() {
        Decision decision = billingServiceApprovesInvoice001().service(billingService(OTHER_SPACE, BILLING_MEMBER, "active")).decide();
        assertEquals(new ServiceSnapshot(BILLING_SERVICE, null, null, null, null), decision.actor().service());
    }

    @Test
    void actorDenialSeesTheServiceFormToo() {
        DecisionScenario disabled = billingServiceApprovesInvoice001().service(billingService(ACME, BILLING_MEMBER, "disabled"));
        Decision denied = new DecisionEngine().actorDenial(disabled.request(), disabled.snapshot(), NOW, TRACE_ID);
        assertEquals(DenyCode.SERVICE_INACTIVE, denied.denyCode());
        DecisionScenario fine = billingServiceApprovesInvoice001();
        assertNull(new DecisionEngine().actorDenial(fine.request(), fine.snapshot(), NOW, TRACE_ID));
    }

    @Test
    void theHumanTupleKeepsItsFourArgumentForm() {
        ActorRef human = new ActorRef("user_alice", REVIEWER, "um_alice_finance_reviewer", ACME);
        assertNull(human.serviceId());
        assertEquals(ActorRef.ofService(BILLING_SERVICE, BILLING_MEMBER, ACME),
                new ActorRef(null, BILLING_MEMBER, null, ACME, BILLING_SERVICE));
        ActorSnapshot rows = new ActorSnapshot(null, null, null);
        assertSame(null, rows.service());
    }
}
