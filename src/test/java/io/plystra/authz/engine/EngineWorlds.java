package io.plystra.authz.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * Generators and a small reference model for {@link EnginePropertiesTest}.
 *
 * <p>A "world" is one decision's inputs built the way the loader builds them from the database: a random group
 * forest (up to {@value #MAX_DEPTH} levels) with materialized dotted paths, an actor tuple with random statuses and
 * expiry times around {@link #NOW}, a registry entry, a resource placed in a random group, and the member's grants as
 * the join member_role x role x role_permission x permission of randomly generated rows. Group names are drawn so
 * that siblings often share a prefix ({@code finance}, {@code finance_old}, {@code finance-old}, {@code financeold},
 * {@code fin}).
 *
 * <p>Every generator is a plain function of a {@link RandomGenerator} ({@link PropertyRun} passes one
 * {@link java.util.SplittableRandom} per case), so a case is replayed exactly from its seed and index. Weights are
 * written as in "4 : 3 : 2" and drawn by {@link #weighted}.
 *
 * <p>The model decides group containment from parent links, never from paths, so it is an independent check of
 * the path rule.
 */
final class EngineWorlds {

    static final Instant NOW = DecisionScenario.NOW;
    static final String SPACE = DecisionScenario.ACME;
    static final String OTHER_SPACE = DecisionScenario.OTHER_SPACE;
    static final String USER = "user_u1";
    static final String MEMBER = "member_m1";
    static final String OTHER_MEMBER = "member_m2";
    static final String BINDING = "um_u1_m1";
    static final String RESOURCE = "res_1";
    static final String MISSING_GROUP = "grp_missing";
    static final String TRACE_ID = "trc_props";
    static final String ACTIVE = "active";
    static final int MAX_DEPTH = 6;
    /** Picks of a group, role or permission are drawn in [0, PICKS] and taken modulo the number of choices. */
    static final int PICKS = 1000;

    static final List<String> TYPES = List.of("invoice", "contract");
    static final List<String> ACTIONS = List.of("approve", "read", "delete");
    static final List<String> BASE_NAMES = List.of("finance", "fin", "legal", "a", "ops");
    /** Appended to a base name, each gives a sibling that shares the base as a string prefix but not as a path. */
    static final List<String> NEAR_MISS_SUFFIXES = List.of("_old", "-old", "old", "_", "-", "2", "x", "ance");
    static final List<String> NOT_ACTIVE = List.of("archived", "disabled", "revoked", "suspended", "inactive",
            "ACTIVE", "active ", "");

    private EngineWorlds() {
    }

    // ------------------------------------------------------------------ drawing primitives

    /** An index drawn with the given relative weights: {@code weighted(r, 4, 3, 2)} is 0, 1 or 2 as 4 : 3 : 2. */
    static int weighted(RandomGenerator r, int... weights) {
        int total = Arrays.stream(weights).sum();
        int x = r.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        throw new IllegalStateException();
    }

    /** One element, uniformly (elements may be null). */
    static <T> T oneOf(RandomGenerator r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }

    @SafeVarargs
    static <T> T oneOf(RandomGenerator r, T... values) {
        return values[r.nextInt(values.length)];
    }

    static <E extends Enum<E>> E oneOf(RandomGenerator r, Class<E> type) {
        return oneOf(r, type.getEnumConstants());
    }

    /** Between {@code min} and {@code max} elements (uniform size), each drawn by {@code element}. */
    static <T> List<T> listOf(RandomGenerator r, int min, int max, Function<RandomGenerator, T> element) {
        int size = r.nextInt(min, max + 1);
        List<T> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(element.apply(r));
        }
        return list;
    }

    /** Between {@code min} and {@code max} characters of {@code chars} (uniform length and characters). */
    static String stringOf(RandomGenerator r, String chars, int min, int max) {
        int length = r.nextInt(min, max + 1);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(chars.charAt(r.nextInt(chars.length())));
        }
        return s.toString();
    }

    /** {@code null} with probability {@code p}, else the value. */
    static <T> T orNull(RandomGenerator r, double p, T value) {
        return r.nextDouble() < p ? null : value;
    }

    static int pick(RandomGenerator r) {
        return r.nextInt(0, PICKS + 1);
    }

    // ------------------------------------------------------------------ small generators

    static String groupName(RandomGenerator r) {
        return switch (weighted(r, 4, 3, 2)) {
            case 0 -> oneOf(r, BASE_NAMES);
            case 1 -> oneOf(r, BASE_NAMES) + oneOf(r, NEAR_MISS_SUFFIXES); // near miss of a base name
            default -> stringOf(r, "abfino_-", 1, 6);
        };
    }

    /** "active" with the given weight against 1 for some other word and 1 for null. */
    static String mostlyActive(RandomGenerator r, int activeWeight) {
        return switch (weighted(r, activeWeight, 1, 1)) {
            case 0 -> ACTIVE;
            case 1 -> oneOf(r, NOT_ACTIVE);
            default -> null;
        };
    }

    static String notActive(RandomGenerator r) {
        return weighted(r, 6, 1) == 0 ? oneOf(r, NOT_ACTIVE) : null;
    }

    /** True about one time in twenty. */
    static boolean rarely(RandomGenerator r) {
        return r.nextInt(20) == 19;
    }

    /** True about one time in forty. */
    static boolean veryRarely(RandomGenerator r) {
        return r.nextInt(40) == 39;
    }

    /** Absent, or strictly after {@link #NOW} (down to one nanosecond). */
    static Instant futureOrNever(RandomGenerator r) {
        return switch (weighted(r, 2, 3, 1)) {
            case 0 -> null;
            case 1 -> NOW.plusSeconds(r.nextLong(1, 3 * 86_400 + 1));
            default -> oneOf(r, NOW.plusNanos(1), NOW.plusMillis(1));
        };
    }

    /** At or before {@link #NOW}: expired. */
    static Instant expired(RandomGenerator r) {
        return weighted(r, 2, 3) == 0 ? oneOf(r, NOW, NOW.minusNanos(1), NOW.minusMillis(1))
                : NOW.minusSeconds(r.nextLong(0, 3 * 86_400 + 1));
    }

    /** Absent, or anywhere within three days of {@link #NOW}, with the boundary instants over-represented. */
    static Instant aroundNow(RandomGenerator r) {
        return switch (weighted(r, 2, 3, 2)) {
            case 0 -> null;
            case 1 -> NOW.plusSeconds(r.nextLong(-3 * 86_400, 3 * 86_400 + 1));
            default -> oneOf(r, NOW, NOW.minusNanos(1), NOW.plusNanos(1), NOW.minusSeconds(1), NOW.plusSeconds(1));
        };
    }

    // ------------------------------------------------------------------ group forest

    record NodeSpec(int parentPick, String name, String status, boolean foreign) {
    }

    record Node(int index, String id, String name, int parent, int depth, String path, String spaceId,
                String status) {

        GroupSnapshot snapshot() {
            return new GroupSnapshot(id, spaceId, path, status);
        }
    }

    /** A forest of groups with materialized paths; parent links are the truth the model uses. */
    record Tree(List<Node> nodes) {

        static final int ROOT = -1;
        static final int UNDER_PREVIOUS = -2;

        static Tree build(List<NodeSpec> specs) {
            List<Node> nodes = new ArrayList<>();
            Set<String> paths = new HashSet<>();
            for (int i = 0; i < specs.size(); i++) {
                NodeSpec spec = specs.get(i);
                int parent;
                if (i == 0 || spec.parentPick() == ROOT) {
                    parent = -1;
                } else if (spec.parentPick() == UNDER_PREVIOUS) {
                    parent = i - 1;
                } else {
                    parent = Math.floorMod(spec.parentPick(), i);
                }
                while (parent >= 0 && nodes.get(parent).depth() >= MAX_DEPTH - 1) {
                    parent = nodes.get(parent).parent();
                }
                String prefix = parent < 0 ? "" : nodes.get(parent).path() + ".";
                String name = spec.name();
                while (!paths.add(prefix + name)) {
                    name = name + "_" + i; // a sibling has this name: the renamed one is a near miss of it
                }
                int depth = parent < 0 ? 0 : nodes.get(parent).depth() + 1;
                nodes.add(new Node(i, "grp_" + i, name, parent, depth, prefix + name,
                        spec.foreign() ? OTHER_SPACE : SPACE, spec.status()));
            }
            return new Tree(List.copyOf(nodes));
        }

        Node pick(int pick) {
            return nodes.get(Math.floorMod(pick, nodes.size()));
        }

        Node byId(String id) {
            for (Node node : nodes) {
                if (node.id().equals(id)) {
                    return node;
                }
            }
            return null;
        }

        /** By parent links only: is {@code anchor} the target or one of its ancestors? */
        boolean isAncestorOrSelf(Node anchor, Node target) {
            for (int i = target.index(); i >= 0; i = nodes.get(i).parent()) {
                if (i == anchor.index()) {
                    return true;
                }
            }
            return false;
        }

        /** The ancestor {@code up} levels above {@code node}, stopping at its root. */
        Node ancestor(Node node, int up) {
            Node current = node;
            for (int i = 0; i < up && current.parent() >= 0; i++) {
                current = nodes.get(current.parent());
            }
            return current;
        }

        int maxDepth() {
            return nodes.stream().mapToInt(Node::depth).max().orElse(0) + 1;
        }

        /** Compact: {@code 0 finance | 1 finance.apac | 2 fin space=space_other status=archived | ...}. */
        @Override
        public String toString() {
            return nodes.stream().map(n -> n.index() + " " + Show.q(n.path()) + Show.unless("space", n.spaceId(), SPACE)
                    + Show.status(n.status())).collect(Collectors.joining(" | ", "groups[", "]"));
        }
    }


    static Tree tree(RandomGenerator r) {
        return Tree.build(listOf(r, 1, 24, EngineWorlds::nodeSpec));
    }

    static NodeSpec nodeSpec(RandomGenerator r) {
        int parentPick = switch (weighted(r, 3, 2, 1)) {
            case 0 -> pick(r);
            case 1 -> Tree.UNDER_PREVIOUS;
            default -> Tree.ROOT;
        };
        return new NodeSpec(parentPick, groupName(r), mostlyActive(r, 30), veryRarely(r));
    }

    // ------------------------------------------------------------------ actor, registry, resource

    record ActorSpec(String userStatus, String memberStatus, String spaceStatus, String bindingStatus,
                     Instant bindingExpiresAt) {

        boolean healthy() {
            return ACTIVE.equals(userStatus) && ACTIVE.equals(memberStatus) && ACTIVE.equals(spaceStatus)
                    && ACTIVE.equals(bindingStatus) && (bindingExpiresAt == null || bindingExpiresAt.isAfter(NOW));
        }
    }


    static ActorSpec healthyActor(RandomGenerator r) {
        return new ActorSpec(ACTIVE, ACTIVE, ACTIVE, ACTIVE, futureOrNever(r));
    }

    static ActorSpec anyActor(RandomGenerator r) {
        if (weighted(r, 4, 1) == 0) {
            return healthyActor(r);
        }
        return new ActorSpec(mostlyActive(r, 3), mostlyActive(r, 3), mostlyActive(r, 3), mostlyActive(r, 3),
                aroundNow(r));
    }

    enum RegistryState { EXACT, NOTHING_REGISTERED, TYPE_INACTIVE, ACTION_NOT_REGISTERED, ACTION_INACTIVE,
        OTHER_ACTION_REGISTERED }

    record Ask(String type, String action, RegistryState registry) {

        RegistrySnapshot snapshot() {
            ResourceTypeSnapshot typeRow = new ResourceTypeSnapshot("rt_" + type, type, type,
                    registry == RegistryState.TYPE_INACTIVE ? "disabled" : ACTIVE);
            ActionSnapshot actionRow = new ActionSnapshot("act_" + type + "_" + action, action, "high", true,
                    registry == RegistryState.ACTION_INACTIVE ? "disabled" : ACTIVE);
            return switch (registry) {
                case NOTHING_REGISTERED -> new RegistrySnapshot(null, null);
                case ACTION_NOT_REGISTERED -> new RegistrySnapshot(typeRow, null);
                case OTHER_ACTION_REGISTERED -> new RegistrySnapshot(typeRow,
                        new ActionSnapshot("act_other", action + "_other", "low", false, ACTIVE));
                default -> new RegistrySnapshot(typeRow, actionRow);
            };
        }
    }


    static Ask ask(RandomGenerator r) {
        RegistryState state = weighted(r, 20, 3) == 0 ? RegistryState.EXACT : oneOf(r, RegistryState.class);
        return new Ask(oneOf(r, TYPES), oneOf(r, ACTIONS), state);
    }

    static Ask exactAsk(RandomGenerator r) {
        return new Ask(oneOf(r, TYPES), oneOf(r, ACTIONS), RegistryState.EXACT);
    }

    enum Owner { ACTOR, OTHER_MEMBER, NOBODY }

    /** Where the resource is: {@code groupPick < 0} means no group; {@code groupRowMissing} drops the row. */
    record Placement(int groupPick, boolean groupRowMissing, Owner owner, boolean foreign, String status) {
    }


    static Placement placement(RandomGenerator r) {
        int group = weighted(r, 12, 1) == 0 ? pick(r) : -1;
        Owner owner = switch (weighted(r, 2, 3, 1)) {
            case 0 -> Owner.ACTOR;
            case 1 -> Owner.OTHER_MEMBER;
            default -> Owner.NOBODY;
        };
        return new Placement(group, rarely(r), owner, rarely(r), mostlyActive(r, 14));
    }

    /** Always in a group whose row exists, in the actor's space, active. */
    static Placement cleanPlacement(RandomGenerator r) {
        return new Placement(pick(r), false, oneOf(r, Owner.class), false, ACTIVE);
    }

    // ------------------------------------------------------------------ grants

    static final List<String> ROLE_KEYS = List.of("approver", "auditor", "clerk", "viewer", "approver_old", "a");

    static String scope(RandomGenerator r) {
        return switch (weighted(r, 5, 2, 2, 1, 1, 1, 1)) {
            case 0 -> ScopeRules.GROUP_TREE;
            case 1 -> ScopeRules.GROUP;
            case 2 -> ScopeRules.SELF;
            case 3 -> ScopeRules.SPACE;
            case 4 -> ScopeRules.GLOBAL;
            case 5 -> oneOf(r, "planet", "", "GROUP_TREE", "group_tree ", "group.tree");
            default -> null;
        };
    }

    record RoleSpec(String key, boolean foreign, String status) {
    }

    /** {@code forRequest}: the permission names the requested type and action, else the given ones. */
    record PermSpec(boolean forRequest, String resource, String action, String scope, String status) {
    }

    record LinkSpec(int rolePick, int permPick, String status) {
    }

    enum AnchorKind { TARGET_ANCESTOR, ANY_GROUP, NONE, ROW_MISSING }

    record AssignSpec(int rolePick, boolean otherMember, boolean foreign, String status, Instant expiresAt,
                      AnchorKind anchorKind, int anchorPick) {
    }

    record GrantSpecs(List<RoleSpec> roles, List<PermSpec> perms, List<LinkSpec> links, List<AssignSpec> assigns) {
    }


    static GrantSpecs grantSpecs(RandomGenerator r) {
        return new GrantSpecs(
                listOf(r, 1, 4, g -> new RoleSpec(oneOf(g, ROLE_KEYS), veryRarely(g), mostlyActive(g, 30))),
                listOf(r, 1, 6, g -> new PermSpec(g.nextInt(5) < 4, oneOf(g, TYPES), oneOf(g, ACTIONS), scope(g),
                        mostlyActive(g, 30))),
                listOf(r, 1, 12, g -> new LinkSpec(pick(g), pick(g), mostlyActive(g, 30))),
                listOf(r, 1, 6, EngineWorlds::assignSpec));
    }

    static AssignSpec assignSpec(RandomGenerator r) {
        Instant expiresAt = weighted(r, 3, 1) == 0 ? futureOrNever(r) : aroundNow(r);
        AnchorKind anchorKind = switch (weighted(r, 5, 5, 1, 1)) {
            case 0 -> AnchorKind.TARGET_ANCESTOR;
            case 1 -> AnchorKind.ANY_GROUP;
            case 2 -> AnchorKind.NONE;
            default -> AnchorKind.ROW_MISSING;
        };
        return new AssignSpec(pick(r), veryRarely(r), veryRarely(r), mostlyActive(r, 24), expiresAt, anchorKind,
                pick(r));
    }

    /** The loader's join: one row per member_role x role_permission of that member_role's role. */
    static List<Grant> join(Tree tree, Node target, Ask ask, GrantSpecs specs) {
        List<RoleSpec> roles = specs.roles();
        List<PermSpec> perms = specs.perms();
        Map<List<Integer>, Integer> links = new LinkedHashMap<>(); // (role, perm) -> link spec index; one row each
        for (int i = 0; i < specs.links().size(); i++) {
            LinkSpec link = specs.links().get(i);
            links.putIfAbsent(List.of(Math.floorMod(link.rolePick(), roles.size()),
                    Math.floorMod(link.permPick(), perms.size())), i);
        }
        List<Grant> grants = new ArrayList<>();
        for (int a = 0; a < specs.assigns().size(); a++) {
            AssignSpec assign = specs.assigns().get(a);
            int r = Math.floorMod(assign.rolePick(), roles.size());
            RoleSpec role = roles.get(r);
            String anchorId;
            GroupSnapshot anchor;
            switch (assign.anchorKind()) {
                case NONE -> {
                    anchorId = null;
                    anchor = null;
                }
                case ROW_MISSING -> {
                    anchorId = MISSING_GROUP;
                    anchor = null;
                }
                case TARGET_ANCESTOR -> {
                    Node node = target == null ? tree.pick(assign.anchorPick())
                            : tree.ancestor(target, Math.floorMod(assign.anchorPick(), target.depth() + 1));
                    anchorId = node.id();
                    anchor = node.snapshot();
                }
                default -> {
                    Node node = tree.pick(assign.anchorPick());
                    anchorId = node.id();
                    anchor = node.snapshot();
                }
            }
            for (Map.Entry<List<Integer>, Integer> entry : links.entrySet()) {
                if (entry.getKey().get(0) != r) {
                    continue;
                }
                int p = entry.getKey().get(1);
                PermSpec perm = perms.get(p);
                LinkSpec link = specs.links().get(entry.getValue());
                grants.add(new Grant("role_" + r, role.key(), role.foreign() ? OTHER_SPACE : SPACE, role.status(),
                        "mr_" + a, assign.otherMember() ? OTHER_MEMBER : MEMBER,
                        assign.foreign() ? OTHER_SPACE : SPACE, assign.status(), assign.expiresAt(),
                        "rp_" + r + "_" + p, link.status(),
                        "perm_" + p, perm.forRequest() ? ask.type() : perm.resource(),
                        perm.forRequest() ? ask.action() : perm.action(), perm.scope(), perm.status(),
                        anchorId, anchor));
            }
        }
        return grants;
    }

    // ------------------------------------------------------------------ worlds

    /** One decision's inputs, plus the group forest they were drawn from. */
    record World(Tree tree, DecisionRequest request, UserSnapshot user, MemberSnapshot member,
                 UserMemberSnapshot binding, SpaceSnapshot space, RegistrySnapshot registry, TargetSnapshot target,
                 List<Grant> grants) {

        static World assemble(Tree tree, ActorSpec actor, Ask ask, Placement placement, GrantSpecs specs) {
            Node targetNode = placement.groupPick() < 0 ? null : tree.pick(placement.groupPick());
            String owner = switch (placement.owner()) {
                case ACTOR -> MEMBER;
                case OTHER_MEMBER -> OTHER_MEMBER;
                case NOBODY -> null;
            };
            ResourceSnapshot resource = new ResourceSnapshot(RESOURCE, ask.type(),
                    placement.foreign() ? OTHER_SPACE : SPACE,
                    targetNode == null ? null : targetNode.id(), targetNode == null ? null : targetNode.path(),
                    owner, "Resource 1", placement.status());
            GroupSnapshot group = targetNode == null || placement.groupRowMissing() ? null : targetNode.snapshot();
            return new World(tree,
                    new DecisionRequest(new ActorRef(USER, MEMBER, BINDING, SPACE), ask.type(), RESOURCE,
                            ask.action(), new RequestMeta("req_props", "127.0.0.1", "plystra-props")),
                    new UserSnapshot(USER, "u1@example.com", actor.userStatus()),
                    new MemberSnapshot(MEMBER, SPACE, "Member 1", actor.memberStatus()),
                    new UserMemberSnapshot(BINDING, USER, MEMBER, SPACE, "login", actor.bindingStatus(), true,
                            actor.bindingExpiresAt()),
                    new SpaceSnapshot(SPACE, "Space A", actor.spaceStatus()),
                    ask.snapshot(),
                    new TargetSnapshot(resource, group),
                    join(tree, targetNode, ask, specs));
        }

        Decision decide() {
            return decide(grants);
        }

        Decision decide(List<Grant> someGrants) {
            return new DecisionEngine().decide(request,
                    new DecisionSnapshot(user, member, binding, space, registry, target, someGrants), NOW, TRACE_ID);
        }

        World withGrants(List<Grant> newGrants) {
            return new World(tree, request, user, member, binding, space, registry, target, newGrants);
        }

        World withActor(ActorSpec actor) {
            return new World(tree, request, new UserSnapshot(user.id(), user.email(), actor.userStatus()),
                    new MemberSnapshot(member.id(), member.spaceId(), member.displayName(), actor.memberStatus()),
                    new UserMemberSnapshot(binding.id(), binding.userId(), binding.memberId(), binding.spaceId(),
                            binding.relationType(), actor.bindingStatus(), binding.isPrimary(),
                            actor.bindingExpiresAt()),
                    new SpaceSnapshot(space.id(), space.name(), actor.spaceStatus()),
                    registry, target, grants);
        }

        Inputs inputs() {
            return new Inputs(request.actor(), request.resourceType(), request.resourceId(), request.action(),
                    request.request(), user, member, binding, space, registry, target, new ArrayList<>(grants),
                    TRACE_ID);
        }

        Node targetNode() {
            return target.group() == null ? null : tree.byId(target.group().id());
        }

        /** Compact: the forest, then the decision's inputs (see {@link Show}). */
        @Override
        public String toString() {
            return "World{" + tree + "\n    " + Show.inputs(inputs()) + "}";
        }
    }


    static World world(RandomGenerator r) {
        return World.assemble(tree(r), anyActor(r), ask(r), placement(r), grantSpecs(r));
    }

    /**
     * Worlds that allow through exactly one grant: an active group_tree grant anchored at the target group or one
     * of its ancestors, listed first. The other grants are for a resource type that is never requested.
     */
    static World allowingWorld(RandomGenerator r) {
        Tree tree = tree(r);
        ActorSpec actor = healthyActor(r);
        Ask ask = exactAsk(r);
        Placement placement = cleanPlacement(r);
        GrantSpecs specs = grantSpecs(r);
        int levels = r.nextInt(0, MAX_DEPTH + 1);
        Tree clean = new Tree(tree.nodes().stream()
                .map(n -> new Node(n.index(), n.id(), n.name(), n.parent(), n.depth(), n.path(), SPACE, ACTIVE))
                .toList());
        World world = World.assemble(clean, actor, ask, placement, specs);
        Node target = world.targetNode();
        Node anchor = clean.ancestor(target, levels);
        Grant covering = new Grant("role_cover", "cover", SPACE, ACTIVE,
                "mr_cover", MEMBER, SPACE, ACTIVE, null,
                "rp_cover", ACTIVE,
                "perm_cover", ask.type(), ask.action(), ScopeRules.GROUP_TREE, ACTIVE,
                anchor.id(), anchor.snapshot());
        List<Grant> grants = new ArrayList<>();
        grants.add(covering);
        for (Grant noise : world.grants()) {
            grants.add(GrantRow.of(noise).permissionResource("never_requested").build());
        }
        return world.withGrants(grants);
    }

    // ------------------------------------------------------------------ mutable inputs and grant copies

    /** A decision's inputs as plain fields, for mutation. */
    static final class Inputs {
        ActorRef actor;
        String resourceType;
        String resourceId;
        String action;
        RequestMeta meta;
        UserSnapshot user;
        MemberSnapshot member;
        UserMemberSnapshot binding;
        SpaceSnapshot space;
        RegistrySnapshot registry;
        TargetSnapshot target;
        List<Grant> grants;
        String traceId;

        Inputs(ActorRef actor, String resourceType, String resourceId, String action, RequestMeta meta,
               UserSnapshot user, MemberSnapshot member, UserMemberSnapshot binding, SpaceSnapshot space,
               RegistrySnapshot registry, TargetSnapshot target, List<Grant> grants, String traceId) {
            this.actor = actor;
            this.resourceType = resourceType;
            this.resourceId = resourceId;
            this.action = action;
            this.meta = meta;
            this.user = user;
            this.member = member;
            this.binding = binding;
            this.space = space;
            this.registry = registry;
            this.target = target;
            this.grants = grants;
            this.traceId = traceId;
        }

        DecisionRequest request() {
            return new DecisionRequest(actor, resourceType, resourceId, action, meta);
        }

        Decision decide() {
            return new DecisionEngine().decide(request(),
                    new DecisionSnapshot(user, member, binding, space, registry, target, grants), NOW, traceId);
        }

        ResourceSnapshot resource() {
            return target == null ? null : target.resource();
        }

        GroupSnapshot targetGroup() {
            return target == null ? null : target.group();
        }

        @Override
        public String toString() {
            return "Inputs{" + Show.inputs(this) + "}";
        }
    }

    /** A mutable copy of a grant row. */
    static final class GrantRow {
        String roleId;
        String roleKey;
        String roleSpaceId;
        String roleStatus;
        String memberRoleId;
        String memberRoleMemberId;
        String memberRoleSpaceId;
        String memberRoleStatus;
        Instant memberRoleExpiresAt;
        String rolePermissionId;
        String rolePermissionStatus;
        String permissionId;
        String permissionResource;
        String permissionAction;
        String permissionScope;
        String permissionStatus;
        String scopeAnchorGroupId;
        GroupSnapshot scopeAnchor;

        static GrantRow of(Grant g) {
            GrantRow row = new GrantRow();
            row.roleId = g.roleId();
            row.roleKey = g.roleKey();
            row.roleSpaceId = g.roleSpaceId();
            row.roleStatus = g.roleStatus();
            row.memberRoleId = g.memberRoleId();
            row.memberRoleMemberId = g.memberRoleMemberId();
            row.memberRoleSpaceId = g.memberRoleSpaceId();
            row.memberRoleStatus = g.memberRoleStatus();
            row.memberRoleExpiresAt = g.memberRoleExpiresAt();
            row.rolePermissionId = g.rolePermissionId();
            row.rolePermissionStatus = g.rolePermissionStatus();
            row.permissionId = g.permissionId();
            row.permissionResource = g.permissionResource();
            row.permissionAction = g.permissionAction();
            row.permissionScope = g.permissionScope();
            row.permissionStatus = g.permissionStatus();
            row.scopeAnchorGroupId = g.scopeAnchorGroupId();
            row.scopeAnchor = g.scopeAnchor();
            return row;
        }

        GrantRow permissionResource(String value) {
            this.permissionResource = value;
            return this;
        }

        Grant build() {
            return new Grant(roleId, roleKey, roleSpaceId, roleStatus, memberRoleId, memberRoleMemberId,
                    memberRoleSpaceId, memberRoleStatus, memberRoleExpiresAt, rolePermissionId, rolePermissionStatus,
                    permissionId, permissionResource, permissionAction, permissionScope, permissionStatus,
                    scopeAnchorGroupId, scopeAnchor);
        }
    }

    // ------------------------------------------------------------------ the reference model (spec section by section)

    /** Spec step 6, written from the spec: the member role, role, role permission and permission are all live. */
    static boolean live(Grant g, String memberId) {
        return ACTIVE.equals(g.memberRoleStatus()) && memberId != null && memberId.equals(g.memberRoleMemberId())
                && (g.memberRoleExpiresAt() == null || g.memberRoleExpiresAt().isAfter(NOW))
                && ACTIVE.equals(g.roleStatus()) && ACTIVE.equals(g.rolePermissionStatus())
                && ACTIVE.equals(g.permissionStatus());
    }

    static boolean matches(Grant g, String type, String action) {
        return type != null && type.equals(g.permissionResource()) && action != null
                && action.equals(g.permissionAction());
    }

    static boolean inSpace(Grant g, String spaceId) {
        return spaceId != null && spaceId.equals(g.roleSpaceId()) && spaceId.equals(g.memberRoleSpaceId())
                && (g.scopeAnchor() == null || spaceId.equals(g.scopeAnchor().spaceId()));
    }

    /**
     * Scope coverage per the spec's table, with group containment from the forest's parent links. Groups (anchor and
     * target) must exist, match the ids that reference them and be active.
     */
    static Predicate<Grant> modelCoverage(Tree tree, Inputs in) {
        return coverage(in, (anchor, target) -> {
            Node anchorNode = tree.byId(anchor.id());
            Node targetNode = tree.byId(target.id());
            return anchorNode != null && targetNode != null && tree.isAncestorOrSelf(anchorNode, targetNode);
        }, (anchor, target) -> {
            Node anchorNode = tree.byId(anchor.id());
            Node targetNode = tree.byId(target.id());
            return anchorNode != null && targetNode != null && anchorNode.index() == targetNode.index();
        });
    }

    /** The spec's path rule, as a string test (for inputs that come with no forest). */
    static Predicate<Grant> pathCoverage(Inputs in) {
        return coverage(in, (anchor, target) -> {
            String a = anchor.path();
            String t = target.path();
            return a != null && !a.isBlank() && t != null && !t.isBlank() && (t.equals(a) || t.startsWith(a + "."));
        }, (anchor, target) -> true);
    }

    /**
     * The scope table with the group rules' containment ({@code group_tree}) and identity ({@code group}) given:
     * everything else about the anchor and the target group is checked here once.
     */
    private static Predicate<Grant> coverage(Inputs in, java.util.function.BiPredicate<GroupSnapshot, GroupSnapshot> contains,
                                             java.util.function.BiPredicate<GroupSnapshot, GroupSnapshot> sameGroup) {
        return g -> {
            ResourceSnapshot resource = in.resource();
            GroupSnapshot targetGroup = in.targetGroup();
            String scope = g.permissionScope();
            if (scope == null || resource == null) {
                return false;
            }
            switch (scope) {
                case ScopeRules.SELF:
                    return resource.ownerMemberId() != null && in.actor != null
                            && resource.ownerMemberId().equals(in.actor.memberId());
                case ScopeRules.SPACE:
                    return resource.spaceId() != null && in.actor != null
                            && resource.spaceId().equals(in.actor.spaceId());
                case ScopeRules.GROUP:
                case ScopeRules.GROUP_TREE:
                    GroupSnapshot anchor = g.scopeAnchor();
                    if (g.scopeAnchorGroupId() == null || anchor == null
                            || !g.scopeAnchorGroupId().equals(anchor.id()) || !ACTIVE.equals(anchor.status())
                            || resource.groupId() == null || targetGroup == null
                            || !resource.groupId().equals(targetGroup.id()) || !ACTIVE.equals(targetGroup.status())) {
                        return false;
                    }
                    return scope.equals(ScopeRules.GROUP) ? sameGroup.test(anchor, targetGroup)
                            : contains.test(anchor, targetGroup);
                default:
                    return false; // global is reserved; anything else is unknown
            }
        };
    }

    /** Whether the model, independently of the engine, says the inputs allow. */
    static boolean modelAllows(Inputs in, Predicate<Grant> coverage) {
        if (!actorLinesUpAndIsActive(in) || !registryOk(in) || !targetOk(in)) {
            return false;
        }
        String spaceId = in.actor.spaceId();
        if (!spaceId.equals(in.resource().spaceId())
                || (in.targetGroup() != null && !spaceId.equals(in.targetGroup().spaceId()))) {
            return false;
        }
        List<Grant> matching = matchingGrants(in);
        if (matching.stream().anyMatch(g -> !inSpace(g, spaceId))) {
            return false;
        }
        return matching.stream().anyMatch(coverage);
    }

    static List<Grant> matchingGrants(Inputs in) {
        if (in.grants == null || in.actor == null) {
            return List.of();
        }
        return in.grants.stream().filter(Objects::nonNull)
                .filter(g -> live(g, in.actor.memberId()) && matches(g, in.resourceType, in.action))
                .toList();
    }

    static boolean actorLinesUpAndIsActive(Inputs in) {
        ActorRef a = in.actor;
        if (a == null || in.user == null || in.member == null || in.binding == null || in.space == null) {
            return false;
        }
        boolean linesUp = same(in.user.id(), a.userId()) && same(in.member.id(), a.memberId())
                && same(in.binding.id(), a.userMemberId()) && same(in.space.id(), a.spaceId())
                && same(in.binding.userId(), a.userId()) && same(in.binding.memberId(), a.memberId())
                && same(in.binding.spaceId(), a.spaceId()) && same(in.member.spaceId(), a.spaceId());
        return linesUp && ACTIVE.equals(in.user.status()) && ACTIVE.equals(in.member.status())
                && ACTIVE.equals(in.space.status()) && ACTIVE.equals(in.binding.status())
                && (in.binding.expiresAt() == null || in.binding.expiresAt().isAfter(NOW));
    }

    static boolean registryOk(Inputs in) {
        RegistrySnapshot r = in.registry;
        return r != null && r.resourceType() != null && same(r.resourceType().key(), in.resourceType)
                && ACTIVE.equals(r.resourceType().status()) && r.action() != null
                && same(r.action().key(), in.action) && ACTIVE.equals(r.action().status());
    }

    static boolean targetOk(Inputs in) {
        ResourceSnapshot r = in.resource();
        return r != null && same(r.id(), in.resourceId) && same(r.type(), in.resourceType)
                && ACTIVE.equals(r.status());
    }

    static boolean same(String actual, String expected) {
        return actual != null && actual.equals(expected);
    }

    // ------------------------------------------------------------------ compact display, for failure messages

    /**
     * Compact, exact renderings of the inputs: values that are the usual ones ({@link #ACTIVE}, {@link #SPACE},
     * {@link #MEMBER}, ...) are left out, anything else is shown, quoted when it is not a plain word (so
     * {@code "active "} and {@code ""} stay visible); instants are shown relative to {@link #NOW}.
     */
    static final class Show {

        private Show() {
        }

        static String q(String s) {
            if (s == null) {
                return "null";
            }
            return s.matches("[A-Za-z0-9_.:%-]+") ? s : "\"" + s + "\"";
        }

        static String at(Instant t) {
            if (t == null) {
                return "null";
            }
            Duration d = Duration.between(NOW, t);
            if (d.isZero()) {
                return "NOW";
            }
            String sign = d.isNegative() ? "-" : "+";
            Duration abs = d.abs();
            return abs.getNano() == 0 ? "NOW" + sign + abs.getSeconds() + "s" : "NOW" + sign + abs.toNanos() + "ns";
        }

        /** {@code " name=value"} when the value is not the usual one, else nothing. */
        static String unless(String name, String value, String usual) {
            return Objects.equals(value, usual) ? "" : " " + name + "=" + q(value);
        }

        static String status(String value) {
            return unless("status", value, ACTIVE);
        }

        static String group(GroupSnapshot g) {
            return g == null ? "null" : q(g.id()) + "(" + q(g.path()) + unless("space", g.spaceId(), SPACE)
                    + status(g.status()) + ")";
        }

        static String grant(Grant g) {
            if (g == null) {
                return "null";
            }
            return q(g.memberRoleId()) + unless("member", g.memberRoleMemberId(), MEMBER)
                    + unless("space", g.memberRoleSpaceId(), SPACE) + status(g.memberRoleStatus())
                    + (g.memberRoleExpiresAt() == null ? "" : " expires=" + at(g.memberRoleExpiresAt()))
                    + " > " + q(g.roleId()) + ":" + q(g.roleKey()) + unless("space", g.roleSpaceId(), SPACE)
                    + status(g.roleStatus())
                    + " > " + q(g.rolePermissionId()) + status(g.rolePermissionStatus())
                    + " > " + q(g.permissionId()) + " " + q(g.permissionResource()) + "/" + q(g.permissionAction())
                    + " scope=" + q(g.permissionScope()) + status(g.permissionStatus())
                    + (g.scopeAnchorGroupId() == null && g.scopeAnchor() == null ? ""
                    : " anchor=" + q(g.scopeAnchorGroupId()) + " row=" + group(g.scopeAnchor()));
        }

        static String grants(List<Grant> grants) {
            if (grants == null) {
                return "null";
            }
            return grants.isEmpty() ? "[]" : grants.stream().map(Show::grant)
                    .collect(Collectors.joining("\n      ", "[\n      ", "]"));
        }

        static String inputs(Inputs in) {
            ActorRef a = in.actor;
            RegistrySnapshot reg = in.registry;
            ResourceSnapshot res = in.resource();
            return "request: actor=" + (a == null ? "null" : q(a.userId()) + "/" + q(a.memberId()) + "/"
                    + q(a.userMemberId()) + "/" + q(a.spaceId()))
                    + " " + q(in.resourceType) + "/" + q(in.resourceId) + "/" + q(in.action)
                    + (in.meta == null ? " meta=null" : "") + unless("traceId", in.traceId, TRACE_ID)
                    + "\n    user=" + (in.user == null ? "null" : q(in.user.id()) + status(in.user.status()))
                    + " member=" + (in.member == null ? "null" : q(in.member.id())
                    + unless("space", in.member.spaceId(), SPACE) + status(in.member.status()))
                    + " space=" + (in.space == null ? "null" : q(in.space.id()) + status(in.space.status()))
                    + " binding=" + (in.binding == null ? "null" : q(in.binding.id()) + " " + q(in.binding.userId())
                    + "/" + q(in.binding.memberId()) + unless("space", in.binding.spaceId(), SPACE)
                    + status(in.binding.status())
                    + (in.binding.expiresAt() == null ? "" : " expires=" + at(in.binding.expiresAt())))
                    + "\n    registry=" + (reg == null ? "null" : "type " + (reg.resourceType() == null ? "null"
                    : q(reg.resourceType().key()) + status(reg.resourceType().status())) + ", action "
                    + (reg.action() == null ? "null" : q(reg.action().key()) + status(reg.action().status())))
                    + "\n    target=" + (in.target == null ? "null" : (res == null ? "resource null"
                    : q(res.id()) + " type=" + q(res.type()) + unless("space", res.spaceId(), SPACE) + " group="
                    + q(res.groupId()) + "(" + q(res.groupPath()) + ") owner=" + q(res.ownerMemberId())
                    + status(res.status())) + "; group row=" + group(in.target.group()))
                    + "\n    grants=" + grants(in.grants);
        }
    }
}
