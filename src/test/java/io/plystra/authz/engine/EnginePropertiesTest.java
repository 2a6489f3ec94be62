package io.plystra.authz.engine;

import static io.plystra.authz.engine.EngineWorlds.ACTIVE;
import static io.plystra.authz.engine.EngineWorlds.MEMBER;
import static io.plystra.authz.engine.EngineWorlds.NOW;
import static io.plystra.authz.engine.EngineWorlds.OTHER_SPACE;
import static io.plystra.authz.engine.EngineWorlds.SPACE;
import static io.plystra.authz.engine.EngineWorlds.listOf;
import static io.plystra.authz.engine.EngineWorlds.oneOf;
import static io.plystra.authz.engine.EngineWorlds.orNull;
import static io.plystra.authz.engine.EngineWorlds.weighted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

import io.plystra.authz.engine.EngineWorlds.ActorSpec;
import io.plystra.authz.engine.EngineWorlds.GrantRow;
import io.plystra.authz.engine.EngineWorlds.Inputs;
import io.plystra.authz.engine.EngineWorlds.Node;
import io.plystra.authz.engine.EngineWorlds.Show;
import io.plystra.authz.engine.EngineWorlds.Tree;
import io.plystra.authz.engine.EngineWorlds.World;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Property tests of the pure decision engine (docs/reliability-engine.md), written as seeded-random JUnit tests:
 * each {@code @Test} checks one property on {@link PropertyRun#DEFAULT_TRIES} generated cases of random but
 * well-formed inputs (see {@link EngineWorlds}). The seed is fixed unless {@code -Dplystra.props.seed} says otherwise;
 * a failure names the seed and the case index and prints the generated input (see {@link PropertyRun}).
 */
class EnginePropertiesTest {

    private static PropertyRun run(TestInfo info) {
        return PropertyRun.of(info.getTestMethod().orElseThrow().getName());
    }

    // ================================================================== 1. a broken actor never allows

    /** Which parts of the actor tuple are broken (bit mask, at least one) and how. */
    record BrokenActor(int mask, String userStatus, String memberStatus, String spaceStatus, String bindingStatus,
                       Instant expiredAt, Instant liveExpiry) {

        static final int USER = 1;
        static final int MEMBER = 2;
        static final int SPACE = 4;
        static final int BINDING_STATUS = 8;
        static final int BINDING_EXPIRED = 16;

        ActorSpec spec() {
            return new ActorSpec(
                    (mask & USER) != 0 ? userStatus : ACTIVE,
                    (mask & MEMBER) != 0 ? memberStatus : ACTIVE,
                    (mask & SPACE) != 0 ? spaceStatus : ACTIVE,
                    (mask & BINDING_STATUS) != 0 ? bindingStatus : ACTIVE,
                    (mask & BINDING_EXPIRED) != 0 ? expiredAt : liveExpiry);
        }

        ActorSpec healthy() {
            return new ActorSpec(ACTIVE, ACTIVE, ACTIVE, ACTIVE, liveExpiry);
        }

        @Override
        public String toString() {
            return "broken{mask=" + mask + " user=" + Show.q(userStatus) + " member=" + Show.q(memberStatus)
                    + " space=" + Show.q(spaceStatus) + " binding=" + Show.q(bindingStatus) + " expired="
                    + Show.at(expiredAt) + " liveExpiry=" + Show.at(liveExpiry) + "}";
        }

        /** The spec's step 2 order: user, member, space, binding status, binding expiry. */
        DenyCode expectedCode() {
            if ((mask & USER) != 0) {
                return DenyCode.ACTOR_USER_INACTIVE;
            }
            if ((mask & MEMBER) != 0) {
                return DenyCode.ACTOR_MEMBER_INACTIVE;
            }
            if ((mask & SPACE) != 0) {
                return DenyCode.SPACE_INACTIVE;
            }
            if ((mask & BINDING_STATUS) != 0) {
                return DenyCode.USER_MEMBER_REVOKED;
            }
            return DenyCode.USER_MEMBER_EXPIRED;
        }
    }

    static BrokenActor brokenActor(RandomGenerator r) {
        // One part surely broken (each as likely as the others), sometimes more.
        int one = oneOf(r, BrokenActor.USER, BrokenActor.MEMBER, BrokenActor.SPACE, BrokenActor.BINDING_STATUS,
                BrokenActor.BINDING_EXPIRED);
        int more = weighted(r, 2, 1) == 0 ? 0 : r.nextInt(0, 32);
        return new BrokenActor(one | more, EngineWorlds.notActive(r), EngineWorlds.notActive(r),
                EngineWorlds.notActive(r), EngineWorlds.notActive(r), EngineWorlds.expired(r),
                EngineWorlds.futureOrNever(r));
    }

    record BrokenActorCase(World world, BrokenActor broken) {

        @Override
        public String toString() {
            return broken + "\n  " + world;
        }
    }

    /**
     * Property 1. A disabled user, inactive member, inactive space, or a revoked/disabled/expired binding never
     * allows, whatever the grants, even with grants that would allow the same request for a healthy actor (a
     * space-scoped and a group_tree grant anchored at the target's root are added to the random ones). The deny
     * code is the first broken part in the spec's order, and no candidate is evaluated.
     */
    @Test
    void brokenActorNeverAllows(TestInfo info) {
        PropertyRun run = run(info);
        run.forAll(r -> new BrokenActorCase(EngineWorlds.world(r), brokenActor(r)), c -> {
            World world = c.world();
            BrokenActor broken = c.broken();
            List<Grant> grants = new ArrayList<>(world.grants());
            grants.addAll(grantsThatWouldAllow(world));
            World withGrants = world.withGrants(grants);

            Decision decision = withGrants.withActor(broken.spec()).decide();

            assertFalse(decision.allows(), () -> "allowed a broken actor: " + decision.reason());
            assertEquals(broken.expectedCode(), decision.denyCode(), decision::reason);
            assertTrue(decision.matchedCandidates().isEmpty());

            boolean twinAllows = withGrants.withActor(broken.healthy()).decide().allows();
            run.collect("same grants, healthy actor", twinAllows ? "allow" : "deny");
            run.collect("broken", broken.expectedCode());
        });
        run.checkShare("same grants, healthy actor", "allow", 30);
    }

    private static List<Grant> grantsThatWouldAllow(World world) {
        DecisionRequest request = world.request();
        List<Grant> grants = new ArrayList<>();
        grants.add(new Grant("role_god", "god", SPACE, ACTIVE, "mr_god_space", MEMBER, SPACE, ACTIVE, null,
                "rp_god_space", ACTIVE, "perm_god_space", request.resourceType(), request.action(),
                ScopeRules.SPACE, ACTIVE, null, null));
        Node target = world.targetNode();
        if (target != null) {
            Node root = world.tree().ancestor(target, EngineWorlds.MAX_DEPTH);
            grants.add(new Grant("role_god", "god", SPACE, ACTIVE, "mr_god_tree", MEMBER, SPACE, ACTIVE, null,
                    "rp_god_tree", ACTIVE, "perm_god_tree", request.resourceType(), request.action(),
                    ScopeRules.GROUP_TREE, ACTIVE, root.id(), root.snapshot()));
        }
        return grants;
    }

    // ================================================================== 2. group_tree covers exactly the subtree

    enum TargetDraw { ANY, DESCENDANT, NEAR_MISS }

    record TreeCase(Tree tree, int anchorPick, int targetPick, TargetDraw draw) {

        @Override
        public String toString() {
            return "draw=" + draw + " anchorPick=" + anchorPick + " targetPick=" + targetPick + " " + tree;
        }
    }

    /**
     * Property 2a. For any two groups of a random forest with near-miss sibling names, group_tree anchored at one
     * covers a resource in the other exactly when the anchor is the target or an ancestor by parent links:
     * {@link GroupTreeScope#covers}, {@link ScopeRules#check} and the whole engine agree with the forest.
     */
    @Test
    void groupTreeCoversExactlyTheSubtree(TestInfo info) {
        PropertyRun run = run(info);
        run.forAll(r -> new TreeCase(EngineWorlds.tree(r), EngineWorlds.pick(r), EngineWorlds.pick(r),
                oneOf(r, TargetDraw.class)), c -> {
            Tree tree = c.tree();
            TargetDraw draw = c.draw();
            Tree active = activeInSpace(tree);
            // Draw the pair among all pairs, among (ancestor, strict descendant) pairs, or among near misses: pairs
            // whose target path has the anchor path as a string prefix without being in its subtree. This only
            // biases the draw (falling back to any pair); what counts as inside is decided from parent links below.
            List<List<Node>> pairs = new ArrayList<>();
            if (draw != TargetDraw.ANY) {
                for (Node a : active.nodes()) {
                    for (Node t : active.nodes()) {
                        boolean below = t.path().startsWith(a.path() + ".");
                        boolean nearMiss = t.path().startsWith(a.path()) && !t.path().equals(a.path()) && !below;
                        if (draw == TargetDraw.DESCENDANT ? below : nearMiss) {
                            pairs.add(List.of(a, t));
                        }
                    }
                }
            }
            List<Node> pair = pairs.isEmpty() ? List.of(active.pick(c.anchorPick()), active.pick(c.targetPick()))
                    : pairs.get(Math.floorMod(c.anchorPick(), pairs.size()));
            Node anchor = pair.get(0);
            Node target = pair.get(1);
            boolean inside = active.isAncestorOrSelf(anchor, target);

            assertEquals(inside, GroupTreeScope.covers(anchor.path(), target.path()),
                    () -> anchor.path() + " vs " + target.path());
            Inputs in = groupTreeOnly(active, anchor, target);
            ScopeCheck check = ScopeRules.check(ScopeRules.GROUP_TREE, anchor.id(), anchor.snapshot(), in.actor,
                    in.target);
            assertEquals(inside, check.covered(), check::reason);
            Decision decision = in.decide();
            assertEquals(inside, decision.allows(), decision::reason);
            if (!inside) {
                assertEquals(DenyCode.SCOPE_OUT_OF_BOUNDS, decision.denyCode());
            }

            String relation;
            if (anchor.index() == target.index()) {
                relation = "same group";
            } else if (inside) {
                relation = "descendant";
            } else if (target.path().startsWith(anchor.path())) {
                relation = NEAR_MISS;
            } else {
                relation = "unrelated";
            }
            run.collect("anchor vs target", relation);
            run.collect("forest depth", tree.maxDepth());
            run.collect("forest size", Math.min(tree.nodes().size() / 5 * 5, 20) + "+");
        });
        run.checkShare("anchor vs target", "descendant", 10);
        run.checkShare("anchor vs target", NEAR_MISS, 5);
    }

    static final String NEAR_MISS = "near miss: anchor path is a string prefix, not an ancestor";

    record NearMissCase(List<String> parentPath, String base, String suffix, List<String> tail) {

        @Override
        public String toString() {
            return "parent=" + parentPath.stream().map(Show::q).toList() + " base=" + Show.q(base) + " suffix="
                    + Show.q(suffix) + " tail=" + tail.stream().map(Show::q).toList();
        }
    }

    /** Up to three segments above the anchor and two below the target: paths stay within six levels. */
    static NearMissCase nearMissCase(RandomGenerator r) {
        List<String> parentPath = listOf(r, 0, 3, EngineWorlds::groupName);
        String base = weighted(r, 3, 1) == 0 ? oneOf(r, EngineWorlds.BASE_NAMES)
                : EngineWorlds.stringOf(r, "abfino_-", 1, 6);
        String suffix = weighted(r, 3, 1) == 0 ? oneOf(r, EngineWorlds.NEAR_MISS_SUFFIXES)
                : EngineWorlds.stringOf(r, "_-%a0 ", 1, 3);
        List<String> tail = listOf(r, 0, 2, EngineWorlds::groupName);
        return new NearMissCase(parentPath, base, suffix, tail);
    }

    /**
     * Property 2b. A sibling whose name extends the anchor's name ({@code finance} vs {@code finance_old},
     * {@code finance-old}, {@code financeold}, {@code finance2}, ...) and everything under it is never covered by
     * group_tree anchored at the shorter name, nor the other way round; the anchor's own subtree is.
     */
    @Test
    void nearMissSiblingsAreNeverCovered(TestInfo info) {
        PropertyRun run = run(info);
        run.forAll(EnginePropertiesTest::nearMissCase, c -> {
            String prefix = c.parentPath().isEmpty() ? "" : String.join(".", c.parentPath()) + ".";
            String tailPath = c.tail().isEmpty() ? "" : "." + String.join(".", c.tail());
            String anchorPath = prefix + c.base();
            String siblingPath = prefix + c.base() + c.suffix();

            assertFalse(GroupTreeScope.covers(anchorPath, siblingPath + tailPath), siblingPath + tailPath);
            assertFalse(GroupTreeScope.covers(siblingPath, anchorPath + tailPath), anchorPath + tailPath);
            assertTrue(GroupTreeScope.covers(anchorPath, anchorPath + tailPath), anchorPath + tailPath);

            GroupSnapshot anchor = new GroupSnapshot("grp_anchor", SPACE, anchorPath, ACTIVE);
            GroupSnapshot sibling = new GroupSnapshot("grp_sibling", SPACE, siblingPath + tailPath, ACTIVE);
            GroupSnapshot own = new GroupSnapshot("grp_own", SPACE, anchorPath + tailPath, ACTIVE);
            Decision outside = groupTreeDecision(anchor, sibling);
            assertFalse(outside.allows(), outside::reason);
            assertEquals(DenyCode.SCOPE_OUT_OF_BOUNDS, outside.denyCode(), outside::reason);
            if (!c.tail().isEmpty()) {
                Decision inside = groupTreeDecision(anchor, own);
                assertTrue(inside.allows(), inside::reason);
            }
            run.collect("suffix", EngineWorlds.NEAR_MISS_SUFFIXES.contains(c.suffix()) ? c.suffix() : "(random)");
        });
    }

    private static Decision groupTreeDecision(GroupSnapshot anchor, GroupSnapshot targetGroup) {
        ResourceSnapshot resource = new ResourceSnapshot(EngineWorlds.RESOURCE, "invoice", SPACE, targetGroup.id(),
                targetGroup.path(), EngineWorlds.OTHER_MEMBER, "Resource 1", ACTIVE);
        Grant grant = new Grant("role_tree", "tree", SPACE, ACTIVE, "mr_tree", MEMBER, SPACE, ACTIVE, null,
                "rp_tree", ACTIVE, "perm_tree", "invoice", "approve", ScopeRules.GROUP_TREE, ACTIVE,
                anchor.id(), anchor);
        return healthyInputs(new TargetSnapshot(resource, targetGroup), List.of(grant)).decide();
    }

    private static Inputs groupTreeOnly(Tree tree, Node anchor, Node target) {
        ResourceSnapshot resource = new ResourceSnapshot(EngineWorlds.RESOURCE, "invoice", SPACE, target.id(),
                target.path(), EngineWorlds.OTHER_MEMBER, "Resource 1", ACTIVE);
        Grant grant = new Grant("role_tree", "tree", SPACE, ACTIVE, "mr_tree", MEMBER, SPACE, ACTIVE, null,
                "rp_tree", ACTIVE, "perm_tree", "invoice", "approve", ScopeRules.GROUP_TREE, ACTIVE,
                anchor.id(), anchor.snapshot());
        return healthyInputs(new TargetSnapshot(resource, target.snapshot()), List.of(grant));
    }

    private static Inputs healthyInputs(TargetSnapshot target, List<Grant> grants) {
        return new Inputs(new ActorRef(EngineWorlds.USER, MEMBER, EngineWorlds.BINDING, SPACE), "invoice",
                EngineWorlds.RESOURCE, "approve", null,
                new UserSnapshot(EngineWorlds.USER, "u1@example.com", ACTIVE),
                new MemberSnapshot(MEMBER, SPACE, "Member 1", ACTIVE),
                new UserMemberSnapshot(EngineWorlds.BINDING, EngineWorlds.USER, MEMBER, SPACE, "login", ACTIVE, true,
                        null),
                new SpaceSnapshot(SPACE, "Space A", ACTIVE),
                new RegistrySnapshot(new ResourceTypeSnapshot("rt_invoice", "invoice", "Invoice", ACTIVE),
                        new ActionSnapshot("act_invoice_approve", "approve", "high", true, ACTIVE)),
                target, new ArrayList<>(grants), EngineWorlds.TRACE_ID);
    }

    private static Tree activeInSpace(Tree tree) {
        return new Tree(tree.nodes().stream()
                .map(n -> new Node(n.index(), n.id(), n.name(), n.parent(), n.depth(), n.path(), SPACE, ACTIVE))
                .toList());
    }

    // ================================================================== 3. grant order does not matter

    record OrderCase(World world, long shuffleSeed) {

        @Override
        public String toString() {
            return "shuffleSeed=" + shuffleSeed + "\n  " + world;
        }
    }

    /**
     * Property 3. The outcome, deny code, reason (which names the chosen candidate), the candidate list and the
     * chosen candidate do not depend on the order of the grant rows (member_role x role_permission x permission),
     * for a random permutation and for the reversed list.
     */
    @Test
    void decisionDoesNotDependOnGrantOrder(TestInfo info) {
        PropertyRun run = run(info);
        run.forAll(r -> new OrderCase(EngineWorlds.world(r), r.nextLong()), c -> {
            World world = c.world();
            Decision original = world.decide();
            List<Grant> shuffled = new ArrayList<>(world.grants());
            Collections.shuffle(shuffled, new Random(c.shuffleSeed()));
            List<Grant> reversed = new ArrayList<>(world.grants());
            Collections.reverse(reversed);

            for (List<Grant> order : List.of(shuffled, reversed)) {
                Decision reordered = world.decide(order);
                assertEquals(original.decision(), reordered.decision());
                assertEquals(original.denyCode(), reordered.denyCode());
                assertEquals(original.reason(), reordered.reason());
                assertEquals(original.matchedCandidates(), reordered.matchedCandidates());
                assertEquals(chosen(original), chosen(reordered));
            }

            run.collect("outcome", original.allows() ? "allow" : original.denyCode().name());
            run.collect("candidates", Math.min(original.matchedCandidates().size(), 3));
            run.collect("grant rows", Math.min(world.grants().size(), 10));
        });
        run.checkShare("outcome", "allow", 10);
        run.checkShare("outcome", DenyCode.SCOPE_OUT_OF_BOUNDS.name(), 1);
        run.checkShare("candidates", ">= 2", n -> Integer.parseInt(n) >= 2, 5);
    }

    /** The candidate the decision rests on: the first covered one on allow, else the first one (its deny code). */
    private static String chosen(Decision decision) {
        List<Candidate> candidates = decision.matchedCandidates();
        Candidate pick = candidates.stream().filter(c -> c.scopeCheck().covered()).findFirst()
                .orElse(candidates.isEmpty() ? null : candidates.get(0));
        return pick == null ? "none" : pick.memberRole().id() + "/" + pick.permission().id();
    }

    // ================================================================== 4. malformed inputs deny with a code

    record DefectCase(World world, List<Defect> defects) {

        @Override
        public String toString() {
            return "defects=" + defects + "\n  " + world;
        }
    }

    static DefectCase defectCase(RandomGenerator r) {
        return new DefectCase(EngineWorlds.allowingWorld(r), listOf(r, 1, 3, g -> oneOf(g, Defect.class)));
    }

    /**
     * Property 4a. Starting from inputs that allow, one to three defects (nulls, empty strings, unregistered types
     * and actions, rows of another id or space, ...) give a deny whose code is one of the codes those defects call
     * for, never an allow and never an exception. Harmless noise (null rows in the grant list, a row of nulls, no
     * request metadata, no trace id, null display fields) leaves the decision unchanged.
     */
    @Test
    void malformedInputsDenyWithACode(TestInfo info) {
        PropertyRun run = run(info);
        run.forAll(EnginePropertiesTest::defectCase, c -> {
            World world = c.world();
            List<Defect> defects = c.defects();
            Inputs base = world.inputs();
            Decision before = base.decide();
            assertTrue(before.allows(), () -> "generator: the base must allow, got " + before.reason());

            Inputs in = world.inputs();
            Set<DenyCode> expected = EnumSet.noneOf(DenyCode.class);
            for (Defect defect : defects) {
                defect.apply.accept(in);
                if (defect.code != null) {
                    expected.add(defect.code);
                }
            }
            Decision after;
            try {
                after = in.decide();
            } catch (RuntimeException e) {
                throw new AssertionError("engine threw on " + defects + ": " + e, e);
            }
            assertNotNull(after);
            if (expected.isEmpty()) {
                assertTrue(after.allows(), () -> "noise " + defects + " changed the decision: " + after.reason());
                assertEquals(before.matchedCandidates(), after.matchedCandidates());
            } else {
                assertFalse(after.allows(), () -> defects + " allowed: " + after.reason());
                assertNotNull(after.denyCode());
                assertNotNull(after.reason());
                assertTrue(expected.contains(after.denyCode()),
                        () -> defects + " gave " + after.denyCode() + " (" + after.reason() + "), expected one of "
                                + expected);
            }
            run.collect("deny code", after.allows() ? "allow (noise only)" : after.denyCode().name());
        });
    }

    /** One defect: what it does to the inputs and the deny code it calls for (null: harmless noise). */
    enum Defect {
        // step 1: actor exists and lines up
        NO_ACTOR(DenyCode.ACTOR_NOT_FOUND, in -> in.actor = null),
        ACTOR_USER_ID_NULL(DenyCode.ACTOR_NOT_FOUND, M.actor(a -> new ActorRef(null, a.memberId(), a.userMemberId(), a.spaceId()))),
        ACTOR_USER_ID_EMPTY(DenyCode.ACTOR_NOT_FOUND, M.actor(a -> new ActorRef("", a.memberId(), a.userMemberId(), a.spaceId()))),
        ACTOR_MEMBER_ID_NULL(DenyCode.ACTOR_NOT_FOUND, M.actor(a -> new ActorRef(a.userId(), null, a.userMemberId(), a.spaceId()))),
        ACTOR_MEMBER_ID_EMPTY(DenyCode.ACTOR_NOT_FOUND, M.actor(a -> new ActorRef(a.userId(), "", a.userMemberId(), a.spaceId()))),
        ACTOR_BINDING_ID_NULL(DenyCode.ACTOR_NOT_FOUND, M.actor(a -> new ActorRef(a.userId(), a.memberId(), null, a.spaceId()))),
        ACTOR_BINDING_ID_EMPTY(DenyCode.ACTOR_NOT_FOUND, M.actor(a -> new ActorRef(a.userId(), a.memberId(), "", a.spaceId()))),
        ACTOR_SPACE_ID_NULL(DenyCode.ACTOR_NOT_FOUND, M.actor(a -> new ActorRef(a.userId(), a.memberId(), a.userMemberId(), null))),
        ACTOR_SPACE_ID_EMPTY(DenyCode.ACTOR_NOT_FOUND, M.actor(a -> new ActorRef(a.userId(), a.memberId(), a.userMemberId(), ""))),
        ACTOR_NAMES_OTHER_SPACE(DenyCode.ACTOR_NOT_FOUND, M.actor(a -> new ActorRef(a.userId(), a.memberId(), a.userMemberId(), "space_named_by_request"))),
        NO_USER(DenyCode.ACTOR_NOT_FOUND, in -> in.user = null),
        NO_MEMBER(DenyCode.ACTOR_NOT_FOUND, in -> in.member = null),
        NO_BINDING(DenyCode.ACTOR_NOT_FOUND, in -> in.binding = null),
        NO_SPACE(DenyCode.ACTOR_NOT_FOUND, in -> in.space = null),
        USER_ROW_ID_NULL(DenyCode.ACTOR_NOT_FOUND, M.user(u -> new UserSnapshot(null, u.email(), u.status()))),
        MEMBER_ROW_ID_NULL(DenyCode.ACTOR_NOT_FOUND, M.member(m -> new MemberSnapshot(null, m.spaceId(), m.displayName(), m.status()))),
        BINDING_ROW_ID_NULL(DenyCode.ACTOR_NOT_FOUND, M.binding(b -> new UserMemberSnapshot(null, b.userId(), b.memberId(), b.spaceId(), b.relationType(), b.status(), b.isPrimary(), b.expiresAt()))),
        SPACE_ROW_ID_NULL(DenyCode.ACTOR_NOT_FOUND, M.space(s -> new SpaceSnapshot(null, s.name(), s.status()))),
        BINDING_OF_OTHER_USER(DenyCode.CROSS_SPACE_VIOLATION, M.binding(b -> new UserMemberSnapshot(b.id(), "user_of_binding", b.memberId(), b.spaceId(), b.relationType(), b.status(), b.isPrimary(), b.expiresAt()))),
        BINDING_USER_NULL(DenyCode.CROSS_SPACE_VIOLATION, M.binding(b -> new UserMemberSnapshot(b.id(), null, b.memberId(), b.spaceId(), b.relationType(), b.status(), b.isPrimary(), b.expiresAt()))),
        BINDING_OF_OTHER_MEMBER(DenyCode.CROSS_SPACE_VIOLATION, M.binding(b -> new UserMemberSnapshot(b.id(), b.userId(), "member_of_binding", b.spaceId(), b.relationType(), b.status(), b.isPrimary(), b.expiresAt()))),
        BINDING_MEMBER_NULL(DenyCode.CROSS_SPACE_VIOLATION, M.binding(b -> new UserMemberSnapshot(b.id(), b.userId(), null, b.spaceId(), b.relationType(), b.status(), b.isPrimary(), b.expiresAt()))),
        BINDING_IN_OTHER_SPACE(DenyCode.CROSS_SPACE_VIOLATION, M.binding(b -> new UserMemberSnapshot(b.id(), b.userId(), b.memberId(), "space_of_binding", b.relationType(), b.status(), b.isPrimary(), b.expiresAt()))),
        BINDING_SPACE_NULL(DenyCode.CROSS_SPACE_VIOLATION, M.binding(b -> new UserMemberSnapshot(b.id(), b.userId(), b.memberId(), null, b.relationType(), b.status(), b.isPrimary(), b.expiresAt()))),
        MEMBER_IN_OTHER_SPACE(DenyCode.CROSS_SPACE_VIOLATION, M.member(m -> new MemberSnapshot(m.id(), "space_of_member", m.displayName(), m.status()))),
        MEMBER_SPACE_NULL(DenyCode.CROSS_SPACE_VIOLATION, M.member(m -> new MemberSnapshot(m.id(), null, m.displayName(), m.status()))),
        // step 2: actor state
        USER_STATUS_NULL(DenyCode.ACTOR_USER_INACTIVE, M.user(u -> new UserSnapshot(u.id(), u.email(), null))),
        MEMBER_STATUS_NULL(DenyCode.ACTOR_MEMBER_INACTIVE, M.member(m -> new MemberSnapshot(m.id(), m.spaceId(), m.displayName(), null))),
        SPACE_STATUS_NULL(DenyCode.SPACE_INACTIVE, M.space(s -> new SpaceSnapshot(s.id(), s.name(), null))),
        BINDING_STATUS_NULL(DenyCode.USER_MEMBER_REVOKED, M.binding(b -> new UserMemberSnapshot(b.id(), b.userId(), b.memberId(), b.spaceId(), b.relationType(), null, b.isPrimary(), b.expiresAt()))),
        BINDING_STATUS_EMPTY(DenyCode.USER_MEMBER_REVOKED, M.binding(b -> new UserMemberSnapshot(b.id(), b.userId(), b.memberId(), b.spaceId(), b.relationType(), "", b.isPrimary(), b.expiresAt()))),
        BINDING_EXPIRES_NOW(DenyCode.USER_MEMBER_EXPIRED, M.binding(b -> new UserMemberSnapshot(b.id(), b.userId(), b.memberId(), b.spaceId(), b.relationType(), b.status(), b.isPrimary(), NOW))),
        // step 3: registry
        TYPE_NULL(DenyCode.INVALID_RESOURCE_TYPE, in -> in.resourceType = null),
        TYPE_EMPTY(DenyCode.INVALID_RESOURCE_TYPE, in -> in.resourceType = ""),
        TYPE_UNREGISTERED(DenyCode.INVALID_RESOURCE_TYPE, in -> in.resourceType = "type_nobody_registered"),
        ACTION_NULL(DenyCode.INVALID_RESOURCE_ACTION, in -> in.action = null),
        ACTION_EMPTY(DenyCode.INVALID_RESOURCE_ACTION, in -> in.action = ""),
        ACTION_UNREGISTERED(DenyCode.INVALID_RESOURCE_ACTION, in -> in.action = "action_nobody_registered"),
        NO_REGISTRY(DenyCode.INVALID_RESOURCE_TYPE, in -> in.registry = null),
        REGISTRY_WITHOUT_TYPE(DenyCode.INVALID_RESOURCE_TYPE, M.registry(r -> new RegistrySnapshot(null, r.action()))),
        REGISTRY_TYPE_KEY_NULL(DenyCode.INVALID_RESOURCE_TYPE, M.registryType(t -> new ResourceTypeSnapshot(t.id(), null, t.displayName(), t.status()))),
        REGISTRY_TYPE_STATUS_NULL(DenyCode.INVALID_RESOURCE_TYPE, M.registryType(t -> new ResourceTypeSnapshot(t.id(), t.key(), t.displayName(), null))),
        REGISTRY_WITHOUT_ACTION(DenyCode.INVALID_RESOURCE_ACTION, M.registry(r -> new RegistrySnapshot(r.resourceType(), null))),
        REGISTRY_ACTION_KEY_NULL(DenyCode.INVALID_RESOURCE_ACTION, M.registryAction(a -> new ActionSnapshot(a.id(), null, a.riskLevel(), a.auditDefault(), a.status()))),
        REGISTRY_ACTION_STATUS_NULL(DenyCode.INVALID_RESOURCE_ACTION, M.registryAction(a -> new ActionSnapshot(a.id(), a.key(), a.riskLevel(), a.auditDefault(), null))),
        // step 4: target
        RESOURCE_ID_NULL(DenyCode.RESOURCE_NOT_FOUND, in -> in.resourceId = null),
        RESOURCE_ID_EMPTY(DenyCode.RESOURCE_NOT_FOUND, in -> in.resourceId = ""),
        NO_TARGET(DenyCode.RESOURCE_NOT_FOUND, in -> in.target = null),
        TARGET_WITHOUT_RESOURCE(DenyCode.RESOURCE_NOT_FOUND, in -> {
            if (in.target != null) {
                in.target = new TargetSnapshot(null, in.target.group());
            }
        }),
        RESOURCE_ROW_ID_NULL(DenyCode.RESOURCE_NOT_FOUND, M.resource(r -> new ResourceSnapshot(null, r.type(), r.spaceId(), r.groupId(), r.groupPath(), r.ownerMemberId(), r.displayName(), r.status()))),
        RESOURCE_ROW_TYPE_NULL(DenyCode.RESOURCE_NOT_FOUND, M.resource(r -> new ResourceSnapshot(r.id(), null, r.spaceId(), r.groupId(), r.groupPath(), r.ownerMemberId(), r.displayName(), r.status()))),
        RESOURCE_ROW_OF_OTHER_TYPE(DenyCode.RESOURCE_NOT_FOUND, M.resource(r -> new ResourceSnapshot(r.id(), "type_of_row", r.spaceId(), r.groupId(), r.groupPath(), r.ownerMemberId(), r.displayName(), r.status()))),
        RESOURCE_STATUS_NULL(DenyCode.RESOURCE_ARCHIVED, M.resource(r -> new ResourceSnapshot(r.id(), r.type(), r.spaceId(), r.groupId(), r.groupPath(), r.ownerMemberId(), r.displayName(), null))),
        // step 5: same space
        RESOURCE_IN_OTHER_SPACE(DenyCode.CROSS_SPACE_VIOLATION, M.resource(r -> new ResourceSnapshot(r.id(), r.type(), OTHER_SPACE, r.groupId(), r.groupPath(), r.ownerMemberId(), r.displayName(), r.status()))),
        RESOURCE_SPACE_NULL(DenyCode.CROSS_SPACE_VIOLATION, M.resource(r -> new ResourceSnapshot(r.id(), r.type(), null, r.groupId(), r.groupPath(), r.ownerMemberId(), r.displayName(), r.status()))),
        TARGET_GROUP_IN_OTHER_SPACE(DenyCode.CROSS_SPACE_VIOLATION, M.targetGroup(g -> new GroupSnapshot(g.id(), OTHER_SPACE, g.path(), g.status()))),
        TARGET_GROUP_SPACE_NULL(DenyCode.CROSS_SPACE_VIOLATION, M.targetGroup(g -> new GroupSnapshot(g.id(), null, g.path(), g.status()))),
        GRANT_ROLE_IN_OTHER_SPACE(DenyCode.CROSS_SPACE_VIOLATION, M.grant(g -> g.roleSpaceId = OTHER_SPACE)),
        GRANT_ROLE_SPACE_NULL(DenyCode.CROSS_SPACE_VIOLATION, M.grant(g -> g.roleSpaceId = null)),
        GRANT_MEMBER_ROLE_IN_OTHER_SPACE(DenyCode.CROSS_SPACE_VIOLATION, M.grant(g -> g.memberRoleSpaceId = OTHER_SPACE)),
        GRANT_MEMBER_ROLE_SPACE_NULL(DenyCode.CROSS_SPACE_VIOLATION, M.grant(g -> g.memberRoleSpaceId = null)),
        ANCHOR_IN_OTHER_SPACE(DenyCode.CROSS_SPACE_VIOLATION, M.anchor(a -> new GroupSnapshot(a.id(), OTHER_SPACE, a.path(), a.status()))),
        ANCHOR_SPACE_NULL(DenyCode.CROSS_SPACE_VIOLATION, M.anchor(a -> new GroupSnapshot(a.id(), null, a.path(), a.status()))),
        // step 6: candidates
        NO_GRANT_LIST(DenyCode.NO_MATCHING_PERMISSION, in -> in.grants = null),
        EMPTY_GRANT_LIST(DenyCode.NO_MATCHING_PERMISSION, in -> in.grants = in.grants == null ? null : new ArrayList<>()),
        GRANT_RESOURCE_NULL(DenyCode.NO_MATCHING_PERMISSION, M.grant(g -> g.permissionResource = null)),
        GRANT_RESOURCE_EMPTY(DenyCode.NO_MATCHING_PERMISSION, M.grant(g -> g.permissionResource = "")),
        GRANT_ACTION_NULL(DenyCode.NO_MATCHING_PERMISSION, M.grant(g -> g.permissionAction = null)),
        GRANT_MEMBER_NULL(DenyCode.NO_MATCHING_PERMISSION, M.grant(g -> g.memberRoleMemberId = null)),
        GRANT_OF_OTHER_MEMBER(DenyCode.NO_MATCHING_PERMISSION, M.grant(g -> g.memberRoleMemberId = "member_of_grant")),
        GRANT_MEMBER_ROLE_STATUS_NULL(DenyCode.NO_MATCHING_PERMISSION, M.grant(g -> g.memberRoleStatus = null)),
        GRANT_ROLE_STATUS_NULL(DenyCode.NO_MATCHING_PERMISSION, M.grant(g -> g.roleStatus = null)),
        GRANT_ROLE_PERMISSION_STATUS_NULL(DenyCode.NO_MATCHING_PERMISSION, M.grant(g -> g.rolePermissionStatus = null)),
        GRANT_PERMISSION_STATUS_NULL(DenyCode.NO_MATCHING_PERMISSION, M.grant(g -> g.permissionStatus = null)),
        GRANT_EXPIRES_NOW(DenyCode.NO_MATCHING_PERMISSION, M.grant(g -> g.memberRoleExpiresAt = NOW)),
        // step 7: scope
        GRANT_SCOPE_NULL(DenyCode.SCOPE_OUT_OF_BOUNDS, M.grant(g -> g.permissionScope = null)),
        GRANT_SCOPE_EMPTY(DenyCode.SCOPE_OUT_OF_BOUNDS, M.grant(g -> g.permissionScope = "")),
        GRANT_SCOPE_UNKNOWN(DenyCode.SCOPE_OUT_OF_BOUNDS, M.grant(g -> g.permissionScope = "GROUP_TREE")),
        GRANT_SCOPE_GLOBAL(DenyCode.GLOBAL_SCOPE_DISABLED, M.grant(g -> g.permissionScope = ScopeRules.GLOBAL)),
        ANCHOR_ID_NULL(DenyCode.SCOPE_ANCHOR_MISSING, M.grant(g -> g.scopeAnchorGroupId = null)),
        ANCHOR_ROW_NULL(DenyCode.SCOPE_ANCHOR_MISSING, M.grant(g -> g.scopeAnchor = null)),
        ANCHOR_ROW_OF_OTHER_ID(DenyCode.SCOPE_ANCHOR_MISSING, M.anchor(a -> new GroupSnapshot("grp_row_of_other_id", a.spaceId(), a.path(), a.status()))),
        ANCHOR_PATH_NULL(DenyCode.SCOPE_ANCHOR_MISSING, M.anchor(a -> new GroupSnapshot(a.id(), a.spaceId(), null, a.status()))),
        ANCHOR_PATH_EMPTY(DenyCode.SCOPE_ANCHOR_MISSING, M.anchor(a -> new GroupSnapshot(a.id(), a.spaceId(), "", a.status()))),
        ANCHOR_PATH_BLANK(DenyCode.SCOPE_ANCHOR_MISSING, M.anchor(a -> new GroupSnapshot(a.id(), a.spaceId(), " ", a.status()))),
        ANCHOR_STATUS_NULL(DenyCode.SCOPE_ANCHOR_MISSING, M.anchor(a -> new GroupSnapshot(a.id(), a.spaceId(), a.path(), null))),
        RESOURCE_GROUP_ID_NULL(DenyCode.TARGET_GROUP_MISSING, M.resource(r -> new ResourceSnapshot(r.id(), r.type(), r.spaceId(), null, r.groupPath(), r.ownerMemberId(), r.displayName(), r.status()))),
        TARGET_GROUP_ROW_NULL(DenyCode.TARGET_GROUP_MISSING, in -> {
            if (in.target != null) {
                in.target = new TargetSnapshot(in.target.resource(), null);
            }
        }),
        TARGET_GROUP_ROW_OF_OTHER_ID(DenyCode.TARGET_GROUP_MISSING, M.targetGroup(g -> new GroupSnapshot("grp_target_of_other_id", g.spaceId(), g.path(), g.status()))),
        TARGET_GROUP_PATH_NULL(DenyCode.TARGET_GROUP_MISSING, M.targetGroup(g -> new GroupSnapshot(g.id(), g.spaceId(), null, g.status()))),
        TARGET_GROUP_PATH_EMPTY(DenyCode.TARGET_GROUP_MISSING, M.targetGroup(g -> new GroupSnapshot(g.id(), g.spaceId(), "", g.status()))),
        TARGET_GROUP_PATH_BLANK(DenyCode.TARGET_GROUP_MISSING, M.targetGroup(g -> new GroupSnapshot(g.id(), g.spaceId(), "  ", g.status()))),
        TARGET_GROUP_STATUS_NULL(DenyCode.TARGET_GROUP_MISSING, M.targetGroup(g -> new GroupSnapshot(g.id(), g.spaceId(), g.path(), null))),
        // harmless noise: the decision must not change
        NULL_GRANT_ROW(null, in -> {
            if (in.grants != null) {
                in.grants.add(null);
            }
        }),
        HOLLOW_GRANT_ROW(null, in -> {
            if (in.grants != null) {
                in.grants.add(new Grant(null, null, null, null, null, null, null, null, null, null, null, null,
                        null, null, null, null, null, null));
            }
        }),
        NO_REQUEST_METADATA(null, in -> in.meta = null),
        NO_TRACE_ID(null, in -> in.traceId = null),
        NULL_DISPLAY_FIELDS(null, in -> {
            M.user(u -> new UserSnapshot(u.id(), null, u.status())).accept(in);
            M.member(m -> new MemberSnapshot(m.id(), m.spaceId(), null, m.status())).accept(in);
            M.space(s -> new SpaceSnapshot(s.id(), null, s.status())).accept(in);
            M.binding(b -> new UserMemberSnapshot(b.id(), b.userId(), b.memberId(), b.spaceId(), null, b.status(), false, b.expiresAt())).accept(in);
            M.resource(r -> new ResourceSnapshot(r.id(), r.type(), r.spaceId(), r.groupId(), null, r.ownerMemberId(), null, r.status())).accept(in);
        });

        final DenyCode code;
        final Consumer<Inputs> apply;

        Defect(DenyCode code, Consumer<Inputs> apply) {
            this.code = code;
            this.apply = apply;
        }
    }

    /** Null-tolerant editors of one part of the inputs: a part that an earlier defect removed stays removed. */
    static final class M {

        private M() {
        }

        static Consumer<Inputs> actor(UnaryOperator<ActorRef> f) {
            return in -> in.actor = in.actor == null ? null : f.apply(in.actor);
        }

        static Consumer<Inputs> user(UnaryOperator<UserSnapshot> f) {
            return in -> in.user = in.user == null ? null : f.apply(in.user);
        }

        static Consumer<Inputs> member(UnaryOperator<MemberSnapshot> f) {
            return in -> in.member = in.member == null ? null : f.apply(in.member);
        }

        static Consumer<Inputs> binding(UnaryOperator<UserMemberSnapshot> f) {
            return in -> in.binding = in.binding == null ? null : f.apply(in.binding);
        }

        static Consumer<Inputs> space(UnaryOperator<SpaceSnapshot> f) {
            return in -> in.space = in.space == null ? null : f.apply(in.space);
        }

        static Consumer<Inputs> registry(UnaryOperator<RegistrySnapshot> f) {
            return in -> in.registry = in.registry == null ? null : f.apply(in.registry);
        }

        static Consumer<Inputs> registryType(UnaryOperator<ResourceTypeSnapshot> f) {
            return registry(r -> r.resourceType() == null ? r
                    : new RegistrySnapshot(f.apply(r.resourceType()), r.action()));
        }

        static Consumer<Inputs> registryAction(UnaryOperator<ActionSnapshot> f) {
            return registry(r -> r.action() == null ? r : new RegistrySnapshot(r.resourceType(), f.apply(r.action())));
        }

        static Consumer<Inputs> resource(UnaryOperator<ResourceSnapshot> f) {
            return in -> {
                if (in.target != null && in.target.resource() != null) {
                    in.target = new TargetSnapshot(f.apply(in.target.resource()), in.target.group());
                }
            };
        }

        static Consumer<Inputs> targetGroup(UnaryOperator<GroupSnapshot> f) {
            return in -> {
                if (in.target != null && in.target.group() != null) {
                    in.target = new TargetSnapshot(in.target.resource(), f.apply(in.target.group()));
                }
            };
        }

        /** Edits the covering grant (always the first row of an allowing world). */
        static Consumer<Inputs> grant(Consumer<GrantRow> f) {
            return in -> {
                if (in.grants != null && !in.grants.isEmpty() && in.grants.get(0) != null) {
                    GrantRow row = GrantRow.of(in.grants.get(0));
                    f.accept(row);
                    in.grants.set(0, row.build());
                }
            };
        }

        static Consumer<Inputs> anchor(UnaryOperator<GroupSnapshot> f) {
            return grant(g -> g.scopeAnchor = g.scopeAnchor == null ? null : f.apply(g.scopeAnchor));
        }
    }

    /**
     * Property 4b. Inputs assembled field by field from a small pool of plausible and malformed values (null, empty,
     * blank, other ids and spaces, odd paths, odd scopes) never make the engine throw; a deny always carries a code
     * and a reason, and an allow is justified exactly as in property 5 (with the spec's path rule).
     */
    @Test
    void junkInputsNeverThrow(TestInfo info) {
        PropertyRun run = run(info);
        run.forAll(EnginePropertiesTest::junkInputs, in -> {
            Decision decision;
            try {
                decision = in.decide();
            } catch (RuntimeException e) {
                throw new AssertionError("engine threw: " + e, e);
            }
            assertNotNull(decision);
            if (decision.allows()) {
                assertAllowJustified(in, decision, EngineWorlds.pathCoverage(in));
            } else {
                assertNotNull(decision.denyCode());
                assertNotNull(decision.reason());
            }
            run.collect("outcome", decision.allows() ? "allow" : decision.denyCode().name());
        });
        run.checkShare("outcome", "allow", 0.5);
    }

    static final List<String> JUNK = Arrays.asList(null, "", " ", "other", OTHER_SPACE, "ACTIVE", "revoked",
            "active ", "%", "_");
    static final List<String> JUNK_PATHS = Arrays.asList(null, "", " ", ".", "..", "finance", "finance.apac",
            "finance_old", "finance.", ".finance", "fin%", "fin_nce", "financeold.apac");
    static final List<String> SCOPES = Arrays.asList(null, "", ScopeRules.SELF, ScopeRules.GROUP,
            ScopeRules.GROUP_TREE, ScopeRules.SPACE, ScopeRules.GLOBAL, "planet", "GROUP_TREE");

    /** Usually the value that lines up with the rest; about one time in thirty a value from the junk pool. */
    private static String mostly(RandomGenerator r, String right) {
        return weighted(r, 29, 1) == 0 ? right : oneOf(r, JUNK);
    }

    private static String status(RandomGenerator r) {
        return mostly(r, ACTIVE);
    }

    private static String space(RandomGenerator r) {
        return mostly(r, SPACE);
    }

    private static String member(RandomGenerator r) {
        return mostly(r, MEMBER);
    }

    private static String type(RandomGenerator r) {
        return mostly(r, "invoice");
    }

    private static String action(RandomGenerator r) {
        return mostly(r, "approve");
    }

    private static String groupId(RandomGenerator r) {
        return oneOf(r, "grp_0", "grp_1", "grp_1", null, "");
    }

    private static GroupSnapshot junkGroup(RandomGenerator r) {
        return orNull(r, 0.1, new GroupSnapshot(groupId(r), space(r), oneOf(r, JUNK_PATHS), status(r)));
    }

    private static Grant junkGrant(RandomGenerator r) {
        return orNull(r, 0.05, new Grant("role", "key", space(r), status(r), "mr", member(r), space(r), status(r),
                EngineWorlds.aroundNow(r), "rp", status(r), "perm", type(r), action(r), oneOf(r, SCOPES), status(r),
                groupId(r), junkGroup(r)));
    }

    /**
     * Inputs whose every field is drawn on its own: mostly the value that lines up with the other fields, sometimes
     * null, empty, blank, another id or space, an odd status; whole rows are sometimes missing; paths and scopes
     * come from pools of well-formed and malformed ones.
     */
    static Inputs junkInputs(RandomGenerator r) {
        String user = EngineWorlds.USER;
        String binding = EngineWorlds.BINDING;
        String resourceId = EngineWorlds.RESOURCE;
        ActorRef actorRef = orNull(r, 0.02, new ActorRef(mostly(r, user), member(r), mostly(r, binding), space(r)));
        String requestType = type(r);
        String requestResourceId = mostly(r, resourceId);
        String requestAction = action(r);
        UserSnapshot userRow = orNull(r, 0.02, new UserSnapshot(mostly(r, user), null, status(r)));
        MemberSnapshot memberRow = orNull(r, 0.02, new MemberSnapshot(member(r), space(r), null, status(r)));
        UserMemberSnapshot bindingRow = orNull(r, 0.02, new UserMemberSnapshot(mostly(r, binding), mostly(r, user),
                member(r), space(r), null, status(r), false, EngineWorlds.aroundNow(r)));
        SpaceSnapshot spaceRow = orNull(r, 0.02, new SpaceSnapshot(space(r), null, status(r)));
        RegistrySnapshot registry = orNull(r, 0.02, new RegistrySnapshot(
                orNull(r, 0.02, new ResourceTypeSnapshot("rt", type(r), null, status(r))),
                orNull(r, 0.02, new ActionSnapshot("act", action(r), null, false, status(r)))));
        ResourceSnapshot resource = orNull(r, 0.02, new ResourceSnapshot(mostly(r, resourceId), type(r), space(r),
                groupId(r), oneOf(r, JUNK_PATHS), oneOf(r, MEMBER, "member_m2", null), null, status(r)));
        TargetSnapshot target = orNull(r, 0.02, new TargetSnapshot(resource, junkGroup(r)));
        List<Grant> grants = orNull(r, 0.02, listOf(r, 0, 4, EnginePropertiesTest::junkGrant));
        return new Inputs(actorRef, requestType, requestResourceId, requestAction, null, userRow, memberRow,
                bindingRow, spaceRow, registry, target, grants == null ? null : new ArrayList<>(grants),
                EngineWorlds.TRACE_ID);
    }

    // ================================================================== 5. an allow is always justified

    /**
     * Property 5. Every allow is justified: the actor tuple lines up and is active, the type and action are
     * registered, the resource exists and is active, the resource, its group and every matched candidate's role,
     * member role and scope anchor are in the request's space, and at least one live grant for this type and action
     * covers the target by the spec's scope table, with group containment taken from the forest's parent links
     * rather than from paths. Each candidate the engine marks covered is such a grant.
     */
    @Test
    void allowIsJustified(TestInfo info) {
        PropertyRun run = run(info);
        run.forAll(EngineWorlds::world, world -> {
            Decision decision = world.decide();
            Inputs in = world.inputs();
            if (decision.allows()) {
                assertAllowJustified(in, decision, EngineWorlds.modelCoverage(world.tree(), in));
            } else {
                assertNotNull(decision.denyCode());
            }
            run.collect("outcome", decision.allows() ? "allow" : "deny");
        });
        run.checkShare("outcome", "allow", 10);
    }

    /**
     * Property 5b (the converse, against the same reference model): the engine allows exactly when the model
     * does, so a deny is never a lost allow either.
     */
    @Test
    void engineAgreesWithModel(TestInfo info) {
        PropertyRun run = run(info);
        run.forAll(EngineWorlds::world, world -> {
            Decision decision = world.decide();
            Inputs in = world.inputs();
            boolean model = EngineWorlds.modelAllows(in, EngineWorlds.modelCoverage(world.tree(), in));
            assertEquals(model, decision.allows(), () -> "model says " + (model ? "allow" : "deny") + ", engine: "
                    + decision.decision() + " " + decision.denyCode() + " " + decision.reason());
            run.collect("outcome", decision.allows() ? "allow" : decision.denyCode().name());
        });
    }

    static void assertAllowJustified(Inputs in, Decision decision, Predicate<Grant> coverage) {
        assertTrue(EngineWorlds.actorLinesUpAndIsActive(in), "actor tuple does not line up or is not active");
        assertTrue(EngineWorlds.registryOk(in), "type or action not registered and active");
        assertTrue(EngineWorlds.targetOk(in), "resource missing, mismatched or not active");
        String spaceId = in.actor.spaceId();
        assertEquals(spaceId, in.resource().spaceId(), "resource space");
        if (in.targetGroup() != null) {
            assertEquals(spaceId, in.targetGroup().spaceId(), "target group space");
        }
        assertFalse(decision.matchedCandidates().isEmpty(), "allow without candidates");
        for (Candidate c : decision.matchedCandidates()) {
            assertEquals(spaceId, c.role().spaceId(), "candidate role space");
            assertEquals(spaceId, c.memberRole().spaceId(), "candidate member role space");
            if (c.scopeAnchor() != null) {
                assertEquals(spaceId, c.scopeAnchor().spaceId(), "candidate anchor space");
            }
        }
        List<Grant> witnesses = EngineWorlds.matchingGrants(in).stream()
                .filter(g -> EngineWorlds.inSpace(g, spaceId)).filter(coverage).toList();
        assertFalse(witnesses.isEmpty(), "no live, matching, same-space grant covers the target");
        List<Candidate> covered = decision.matchedCandidates().stream().filter(c -> c.scopeCheck().covered())
                .toList();
        assertFalse(covered.isEmpty(), "allow without a covered candidate");
        for (Candidate c : covered) {
            boolean known = witnesses.stream().anyMatch(g -> Objects.equals(g.memberRoleId(), c.memberRole().id())
                    && Objects.equals(g.permissionId(), c.permission().id())
                    && Objects.equals(g.permissionScope(), c.permission().scope()));
            if (!known) {
                fail("engine marks " + c + " covered; the model does not");
            }
        }
    }
}
