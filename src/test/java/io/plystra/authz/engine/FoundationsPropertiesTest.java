package io.plystra.authz.engine;

import static io.plystra.authz.engine.DecisionScenario.ACME;
import static io.plystra.authz.engine.DecisionScenario.NOW;
import static io.plystra.authz.engine.DecisionScenario.REVIEWER;
import static io.plystra.authz.engine.DecisionScenario.aliceApprovesInvoice001;
import static io.plystra.authz.engine.DecisionScenario.financeApprover;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Properties of the foundations' engine parts over random models: the teams a member reaches at an instant equal a
 * brute-force expansion of every path, and the decision follows; condition operators match a reference evaluator
 * written from the documented semantics.
 */
class FoundationsPropertiesTest {

    private static final Instant[] BOUNDS = {null, NOW.minus(Duration.ofHours(2)), NOW.minus(Duration.ofHours(1)), NOW,
            NOW.plus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(2))};

    private static PropertyRun run(TestInfo info) {
        return PropertyRun.of(info.getTestMethod().orElseThrow().getName());
    }

    record TeamWorld(List<TeamRef> teams, List<TeamEdge> edges, Instant at, Set<String> bindingTeams) {
        @Override
        public String toString() {
            return "at=" + at + " teams=" + teams + " edges=" + edges + " bindings=" + bindingTeams;
        }
    }

    private static TeamWorld teamWorld(SplittableRandom r) {
        int n = 1 + r.nextInt(7);
        List<TeamRef> teams = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            teams.add(new TeamRef("team_" + i, "t" + i, ACME, r.nextInt(10) == 0 ? "disabled" : "active"));
        }
        List<TeamEdge> edges = new ArrayList<>();
        for (TeamRef team : teams) {
            if (r.nextInt(3) == 0) {
                edges.add(new TeamEdge(r.nextInt(8) == 0 ? "member_other" : REVIEWER, null, team, bound(r, true), bound(r, false)));
            }
        }
        for (TeamRef child : teams) {
            for (TeamRef parent : teams) {
                if (child != parent && r.nextInt(3) == 0) {
                    edges.add(new TeamEdge(null, child.id(), parent, bound(r, true), bound(r, false)));
                }
            }
        }
        Set<String> bindings = new HashSet<>();
        for (TeamRef team : teams) {
            if (r.nextInt(3) == 0) {
                bindings.add(team.id());
            }
        }
        Instant at = NOW.plus(Duration.ofMinutes(r.nextInt(-150, 150)));
        return new TeamWorld(teams, edges, at, bindings);
    }

    /** A window bound: unbounded half the time, else one of a few instants around now (ends after starts). */
    private static Instant bound(SplittableRandom r, boolean start) {
        if (r.nextBoolean()) {
            return null;
        }
        Instant b = BOUNDS[1 + r.nextInt(BOUNDS.length - 1)];
        return start ? b.minus(Duration.ofHours(3)) : b;
    }

    /** Every team reachable by some path of links valid at the instant through active teams, by depth-first search. */
    private static Map<String, Integer> bruteForce(TeamWorld w) {
        Map<String, Integer> shortest = new HashMap<>();
        for (TeamEdge e : w.edges()) {
            if (REVIEWER.equals(e.memberId()) && holds(e, w.at())) {
                walk(w, e.team(), new ArrayList<>(List.of(e.team().id())), shortest);
            }
        }
        return shortest;
    }

    private static void walk(TeamWorld w, TeamRef at, List<String> path, Map<String, Integer> shortest) {
        shortest.merge(at.id(), path.size(), Math::min);
        for (TeamEdge e : w.edges()) {
            if (at.id().equals(e.childTeamId()) && holds(e, w.at()) && !path.contains(e.team().id())) {
                path.add(e.team().id());
                walk(w, e.team(), path, shortest);
                path.remove(path.size() - 1);
            }
        }
    }

    private static boolean holds(TeamEdge e, Instant at) {
        boolean started = e.startsAt() == null || e.startsAt().compareTo(at) <= 0;
        boolean ended = e.endsAt() != null && e.endsAt().compareTo(at) <= 0;
        return started && !ended && e.team().status().equals("active");
    }

    @Test
    void teamReachEqualsBruteForceAndDecidesTheBinding(TestInfo info) {
        PropertyRun run = run(info);
        run.forAll(FoundationsPropertiesTest::teamWorld, w -> {
            Map<String, Integer> expected = bruteForce(w);
            Map<String, List<TeamRef>> reached = Teams.reachable(w.edges(), REVIEWER, w.at());

            assertEquals(expected.keySet(), reached.keySet());
            for (Map.Entry<String, List<TeamRef>> e : reached.entrySet()) {
                List<TeamRef> path = e.getValue();
                assertEquals(expected.get(e.getKey()), path.size(), "a shortest path to " + e.getKey());
                assertEquals(e.getKey(), path.get(path.size() - 1).id());
            }

            List<DecisionScenario.GrantRow> rows = new ArrayList<>();
            for (String team : w.bindingTeams()) {
                TeamRef ref = w.teams().stream().filter(t -> t.id().equals(team)).findFirst().orElseThrow();
                rows.add(financeApprover().memberRole("mr_" + team).heldBy(ref));
            }
            boolean shouldAllow = w.bindingTeams().stream().anyMatch(expected::containsKey);
            Decision decision = aliceApprovesInvoice001().grants(rows.toArray(DecisionScenario.GrantRow[]::new))
                    .teams(w.edges().toArray(TeamEdge[]::new)).decideAt(w.at());
            assertEquals(shouldAllow, decision.allows(), decision::reason);
            run.collect("decision", decision.allows() ? "allow" : "deny");
            run.collect("reached", Math.min(expected.size(), 3));
        });
        run.checkShare("decision", "allow", s -> s.equals("allow"), 10);
        run.checkShare("reached", "three or more teams", s -> s.equals("3"), 3);
    }

    // ---- conditions against a reference evaluator

    record ConditionCase(String op, Object actual, Object expected) {
    }

    private static final String[] OPS = {"eq", "ne", "in", "not_in", "lt", "lte", "gt", "gte", "contains", "starts_with",
            "in_cidr", "exists"};

    private static Object scalar(SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0 -> new String[]{"a", "ab", "b", "finance", "fin"}[r.nextInt(5)];
            case 1 -> new BigDecimal(r.nextInt(-3, 4)).add(r.nextBoolean() ? BigDecimal.ZERO : new BigDecimal("0.5"));
            case 2 -> r.nextBoolean();
            case 3 -> NOW.plus(Duration.ofHours(r.nextInt(-2, 3))).toString();
            case 4 -> new String[]{"10.1.2.3", "192.168.0.1", "fd00::1", "10.0.0.0/8", "fd00::/8", "not an ip"}[r.nextInt(6)];
            default -> r.nextInt(-3, 4);
        };
    }

    private static Object actualValue(SplittableRandom r) {
        return switch (r.nextInt(8)) {
            case 0 -> null;
            case 1 -> List.of("a", "finance");
            case 2 -> NOW.plus(Duration.ofHours(r.nextInt(-2, 3)));
            default -> scalar(r);
        };
    }

    private static ConditionCase conditionCase(SplittableRandom r) {
        String op = OPS[r.nextInt(OPS.length)];
        Object expected = op.equals("in") || op.equals("not_in")
                ? List.of(scalar(r), scalar(r)) : op.equals("exists") ? null : scalar(r);
        return new ConditionCase(op, actualValue(r), expected);
    }

    /** The documented semantics, written independently of the evaluator. */
    private static boolean reference(String op, Object actual, Object expected) {
        if (actual == null) {
            return false;
        }
        switch (op) {
            case "exists":
                return true;
            case "eq":
                return same(actual, expected);
            case "ne":
                return !same(actual, expected);
            case "in":
                return ((List<?>) expected).stream().anyMatch(e -> same(actual, e));
            case "not_in":
                return ((List<?>) expected).stream().noneMatch(e -> same(actual, e));
            case "lt", "lte", "gt", "gte": {
                Integer c = compare(actual, expected);
                if (c == null) {
                    return false;
                }
                return op.equals("lt") ? c < 0 : op.equals("lte") ? c <= 0 : op.equals("gt") ? c > 0 : c >= 0;
            }
            case "contains":
                if (actual instanceof List<?> list) {
                    return list.stream().anyMatch(e -> same(e, expected));
                }
                return actual instanceof String s && expected instanceof String t && s.contains(t);
            case "starts_with":
                return actual instanceof String s && expected instanceof String t && s.startsWith(t);
            case "in_cidr":
                return actual instanceof String s && expected instanceof String t && inBlock(s, t);
            default:
                return false;
        }
    }

    private static boolean same(Object a, Object b) {
        BigDecimal x = number(a);
        BigDecimal y = number(b);
        if (x != null || y != null) {
            return x != null && y != null && x.compareTo(y) == 0;
        }
        if (a instanceof Instant i) {
            return b instanceof String s && parses(s) && Instant.parse(s).equals(i);
        }
        return (a instanceof String || a instanceof Boolean) && a.equals(b);
    }

    private static Integer compare(Object a, Object b) {
        BigDecimal x = number(a);
        BigDecimal y = number(b);
        if (x != null && y != null) {
            return x.compareTo(y);
        }
        if (a instanceof Instant i && b instanceof String s && parses(s)) {
            return i.compareTo(Instant.parse(s));
        }
        return null;
    }

    private static BigDecimal number(Object v) {
        return v instanceof BigDecimal d ? d : v instanceof Integer i ? new BigDecimal(i) : null;
    }

    private static boolean parses(String s) {
        try {
            Instant.parse(s);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** By java.net on literals only (the reference may use the platform; the engine may not). */
    private static boolean inBlock(String address, String block) {
        try {
            if (!address.matches("[0-9a-fA-F:.]+") || !block.matches("[0-9a-fA-F:.]+(/\\d+)?")) {
                return false;
            }
            String[] parts = block.split("/");
            byte[] a = java.net.InetAddress.getByName(address).getAddress();
            byte[] n = java.net.InetAddress.getByName(parts[0]).getAddress();
            int prefix = parts.length > 1 ? Integer.parseInt(parts[1]) : n.length * 8;
            if (a.length != n.length || prefix > n.length * 8
                    || (address.contains(":") != parts[0].contains(":"))) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((a[bit / 8] & mask) != (n[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (java.net.UnknownHostException | NumberFormatException e) {
            return false;
        }
    }

    @Test
    void conditionOperatorsMatchTheReference(TestInfo info) {
        PropertyRun run = run(info);
        run.forAll(FoundationsPropertiesTest::conditionCase, c -> {
            boolean expected = reference(c.op(), c.actual(), c.expected());
            assertEquals(expected, ConditionEvaluator.holds(c.op(), c.actual(), c.expected()), c::toString);
            run.collect("holds", expected);
        });
        run.checkShare("holds", "true", s -> s.equals("true"), 15);
    }

    @Test
    void theReferenceSeesTheSameTimesForTheWholeDecision() {
        Conditions working = new Conditions(null, null,
                List.of(new Condition("context.time", "gte", NOW.minus(Duration.ofHours(1)).toString()),
                        new Condition("context.time", "lt", NOW.plus(Duration.ofHours(1)).toString())), null);
        assertTrue(aliceApprovesInvoice001().grants(financeApprover().conditions(working)).decide().allows());
    }
}
