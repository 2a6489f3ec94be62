package io.plystra.authz.engine;

/** The scope rules: whether one candidate's permission scope covers the target for the actor. */
public final class ScopeRules {

    public static final String SELF = "self";
    public static final String GROUP = "group";
    public static final String GROUP_TREE = "group_tree";
    public static final String SPACE = "space";
    public static final String GLOBAL = "global";

    static final String SELF_RULE = "resource.owner_member_id = actor.member_id";
    static final String GROUP_RULE = "target.group_id = anchor.id";
    static final String GROUP_TREE_RULE = GroupTreeScope.RULE;
    static final String SPACE_RULE = "resource.space_id = actor.space_id";
    static final String GLOBAL_RULE = "global scope is reserved in v1.0";
    static final String UNKNOWN_RULE = "unknown scope is never covered";

    private ScopeRules() {
    }

    /**
     * Checks one scope. Never throws on missing data: anything missing is "not covered" with a deny code.
     *
     * @param scope          the permission scope (self, group, group_tree, space, global)
     * @param anchorGroupId  the member role's scope anchor group id, may be null
     * @param anchor         the anchor group row, null when the id is null or the row is missing
     * @param actor          the acting identity
     * @param target         the target resource and its group
     */
    public static ScopeCheck check(String scope, String anchorGroupId, GroupSnapshot anchor, ActorRef actor,
                                   TargetSnapshot target) {
        ResourceSnapshot resource = target == null ? null : target.resource();
        GroupSnapshot targetGroup = target == null ? null : target.group();
        String actorMemberId = actor == null ? null : actor.memberId();
        String actorSpaceId = actor == null ? null : actor.spaceId();
        if (scope == null) {
            return ScopeCheck.fail(UNKNOWN_RULE, "permission has no scope", DenyCode.SCOPE_OUT_OF_BOUNDS);
        }
        return switch (scope) {
            case SELF -> self(resource, actorMemberId);
            case GROUP -> group(anchorGroupId, anchor, resource, targetGroup);
            case GROUP_TREE -> groupTree(anchorGroupId, anchor, resource, targetGroup);
            case SPACE -> space(resource, actorSpaceId);
            case GLOBAL -> ScopeCheck.fail(GLOBAL_RULE, "global scope never covers in v1.0",
                    DenyCode.GLOBAL_SCOPE_DISABLED);
            default -> ScopeCheck.fail(UNKNOWN_RULE, "scope " + scope + " is not a known scope",
                    DenyCode.SCOPE_OUT_OF_BOUNDS);
        };
    }

    private static ScopeCheck self(ResourceSnapshot resource, String actorMemberId) {
        String owner = resource == null ? null : resource.ownerMemberId();
        if (owner == null) {
            return ScopeCheck.fail(SELF_RULE, "resource has no owner member", DenyCode.SCOPE_OUT_OF_BOUNDS);
        }
        if (owner.equals(actorMemberId)) {
            return ScopeCheck.pass(SELF_RULE, "resource owner " + owner + " is the actor member");
        }
        return ScopeCheck.fail(SELF_RULE, "resource owner " + owner + " is not the actor member " + actorMemberId,
                DenyCode.SCOPE_OUT_OF_BOUNDS);
    }

    private static ScopeCheck group(String anchorGroupId, GroupSnapshot anchor, ResourceSnapshot resource,
                                    GroupSnapshot targetGroup) {
        String anchorProblem = anchorProblem(anchorGroupId, anchor);
        if (anchorProblem != null) {
            return ScopeCheck.fail(GROUP_RULE, anchorProblem, DenyCode.SCOPE_ANCHOR_MISSING);
        }
        String targetProblem = targetGroupProblem(resource, targetGroup);
        if (targetProblem != null) {
            return ScopeCheck.fail(GROUP_RULE, targetProblem, DenyCode.TARGET_GROUP_MISSING);
        }
        if (targetGroup.id().equals(anchor.id())) {
            return ScopeCheck.pass(GROUP_RULE, "target group " + targetGroup.id() + " is the anchor group");
        }
        return ScopeCheck.fail(GROUP_RULE,
                "target group " + targetGroup.id() + " is not the anchor group " + anchor.id(),
                DenyCode.SCOPE_OUT_OF_BOUNDS);
    }

    private static ScopeCheck groupTree(String anchorGroupId, GroupSnapshot anchor, ResourceSnapshot resource,
                                        GroupSnapshot targetGroup) {
        String anchorProblem = anchorProblem(anchorGroupId, anchor);
        if (anchorProblem == null && isBlank(anchor.path())) {
            anchorProblem = "anchor group " + anchor.id() + " has no path";
        }
        if (anchorProblem != null) {
            return ScopeCheck.fail(GROUP_TREE_RULE, anchorProblem, DenyCode.SCOPE_ANCHOR_MISSING);
        }
        String targetProblem = targetGroupProblem(resource, targetGroup);
        if (targetProblem == null && isBlank(targetGroup.path())) {
            targetProblem = "target group " + targetGroup.id() + " has no path";
        }
        if (targetProblem != null) {
            return ScopeCheck.fail(GROUP_TREE_RULE, targetProblem, DenyCode.TARGET_GROUP_MISSING);
        }
        if (GroupTreeScope.covers(anchor.path(), targetGroup.path())) {
            return ScopeCheck.pass(GROUP_TREE_RULE,
                    "target path " + targetGroup.path() + " is inside anchor " + anchor.path());
        }
        return ScopeCheck.fail(GROUP_TREE_RULE,
                "target path " + targetGroup.path() + " is outside anchor " + anchor.path(),
                DenyCode.SCOPE_OUT_OF_BOUNDS);
    }

    private static ScopeCheck space(ResourceSnapshot resource, String actorSpaceId) {
        String resourceSpaceId = resource == null ? null : resource.spaceId();
        if (resourceSpaceId != null && resourceSpaceId.equals(actorSpaceId)) {
            return ScopeCheck.pass(SPACE_RULE, "resource space " + resourceSpaceId + " is the actor space");
        }
        return ScopeCheck.fail(SPACE_RULE,
                "resource space " + resourceSpaceId + " is not the actor space " + actorSpaceId,
                DenyCode.SCOPE_OUT_OF_BOUNDS);
    }

    /** Why the scope anchor cannot be used, or null when it can. */
    private static String anchorProblem(String anchorGroupId, GroupSnapshot anchor) {
        if (anchorGroupId == null) {
            return "member role has no scope anchor";
        }
        if (anchor == null || !anchorGroupId.equals(anchor.id())) {
            return "anchor group " + anchorGroupId + " does not exist";
        }
        if (!"active".equals(anchor.status())) {
            return "anchor group " + anchorGroupId + " is not active";
        }
        return null;
    }

    /** Why the target group cannot be used, or null when it can. */
    private static String targetGroupProblem(ResourceSnapshot resource, GroupSnapshot targetGroup) {
        String groupId = resource == null ? null : resource.groupId();
        if (groupId == null) {
            return "resource has no group";
        }
        if (targetGroup == null || !groupId.equals(targetGroup.id())) {
            return "target group " + groupId + " does not exist";
        }
        if (!"active".equals(targetGroup.status())) {
            return "target group " + groupId + " is not active";
        }
        return null;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
