package io.plystra.authz.engine;

import static io.plystra.authz.engine.DecisionScenario.aliceApprovesInvoice001;
import static io.plystra.authz.engine.DecisionScenario.financeApprover;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Column answers over decisions: the union of the allowing candidates' groups, and the codes of refused columns. */
class ColumnDecisionsTest {

    static final ColumnCatalogue CATALOGUE = ColumnCatalogue.of(List.of("id", "amount", "email", "phone", "notes"));
    static final Map<String, ColumnSet> GROUPS = Map.of(
            "finance", ColumnSet.of(CATALOGUE, List.of("id", "amount")),
            "pii_basic", ColumnSet.of(CATALOGUE, List.of("email", "phone")));

    static Conditions groups(String... keys) {
        return new Conditions(null, null, List.of(), List.of(keys));
    }

    @Test
    void aBindingLimitedToGroupsGrantsTheirColumnsOnly() {
        Decision d = aliceApprovesInvoice001().grants(financeApprover().conditions(groups("finance"))).decide();
        assertTrue(d.allows(), d.reason());
        var check = ColumnDecisions.check(d, CATALOGUE, GROUPS, List.of("amount", "email", "salary", "amount"));
        assertEquals(List.of("amount"), check.allowed());
        assertEquals(List.of(new ColumnDecisions.DeniedColumn("email", DenyCode.COLUMN_NOT_GRANTED),
                new ColumnDecisions.DeniedColumn("salary", DenyCode.UNKNOWN_COLUMN)), check.denied());
        assertFalse(check.allowAll());
        assertEquals(List.of(new ColumnDecisions.AllowedColumn("id", List.of("finance")),
                new ColumnDecisions.AllowedColumn("amount", List.of("finance"))), ColumnDecisions.allowed(d, CATALOGUE, GROUPS).columns());
    }

    @Test
    void allowingCandidatesAddUpAndOneWithoutGroupsGrantsAll() {
        Decision two = aliceApprovesInvoice001().grants(financeApprover().conditions(groups("finance")),
                financeApprover().memberRole("mr_second").conditions(groups("pii_basic", "no_such_group"))).decide();
        assertEquals(List.of("id", "amount", "email", "phone"), ColumnDecisions.granted(two, CATALOGUE, GROUPS).names());

        Decision all = aliceApprovesInvoice001().grants(financeApprover().conditions(groups("finance")),
                financeApprover().memberRole("mr_all")).decide();
        var check = ColumnDecisions.check(all, CATALOGUE, GROUPS, List.of("notes"));
        assertTrue(check.allowAll());
        assertEquals(List.of("notes"), check.allowed());
        assertEquals(List.of("*"), ColumnDecisions.allowed(all, CATALOGUE, GROUPS).columns().get(4).groups());
    }

    @Test
    void aCandidateThatDoesNotAllowGrantsNoColumn() {
        Decision d = aliceApprovesInvoice001().grants(financeApprover().conditions(groups("finance")),
                financeApprover().memberRole("mr_expired_window")
                        .conditions(new Conditions(null, DecisionScenario.NOW.minusSeconds(1), List.of(), List.of("pii_basic")))).decide();
        assertTrue(d.allows());
        assertEquals(List.of("id", "amount"), ColumnDecisions.granted(d, CATALOGUE, GROUPS).names());
    }

    @Test
    void aDeniedRowDeniesEveryColumnWithItsCode() {
        Decision d = aliceApprovesInvoice001().grants().decide();
        var check = ColumnDecisions.check(d, CATALOGUE, GROUPS, List.of("id", "salary"));
        assertEquals(List.of(), check.allowed());
        assertEquals(List.of(new ColumnDecisions.DeniedColumn("id", DenyCode.NO_MATCHING_PERMISSION),
                new ColumnDecisions.DeniedColumn("salary", DenyCode.UNKNOWN_COLUMN)), check.denied());
        assertEquals(List.of(), ColumnDecisions.allowed(d, CATALOGUE, GROUPS).columns());
    }
}
