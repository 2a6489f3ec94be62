package io.plystra.authz.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Test fixtures: the Finance Reviewer demo rows, and one decision's inputs with fluent overrides.
 * The default scenario is demo case 1: Alice via um_alice_finance_reviewer approves invoice_001.
 */
final class DecisionScenario {

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    static final String ACME = "space_acme";
    static final String OTHER_SPACE = "space_other";
    static final String REVIEWER = "member_finance_reviewer";
    static final String CREATOR = "member_invoice_creator";
    static final String TRACE_ID = "trc_test";
    static final String FINANCE_ORG = "org_finance";
    static final String HOLDING_ORG = "org_holding";
    static final RequestMeta REQUEST_META = new RequestMeta("req_1", "203.0.113.7", "plystra-test");

    // ---- demo rows ----

    static SpaceSnapshot acme() {
        return acmeWithStatus("active");
    }

    static SpaceSnapshot acmeWithStatus(String status) {
        return new SpaceSnapshot(ACME, "Acme", status);
    }

    /** Acme in organization {@code org_finance} (status {@code own}), below {@code org_holding} (status {@code above}). */
    static SpaceSnapshot acmeInOrganizations(String spaceStatus, String own, String above) {
        return new SpaceSnapshot(ACME, "Acme", spaceStatus, List.of(new OrganizationSnapshot(FINANCE_ORG, "Finance", own),
                new OrganizationSnapshot(HOLDING_ORG, "Holding", above)));
    }

    static UserSnapshot alice() {
        return new UserSnapshot("user_alice", "alice@example.com", "active");
    }

    static UserSnapshot bob() {
        return new UserSnapshot("user_bob", "bob@example.com", "active");
    }

    static UserSnapshot userWithStatus(String id, String status) {
        return new UserSnapshot(id, id + "@example.com", status);
    }

    static MemberSnapshot reviewer() {
        return reviewerIn(ACME, "active");
    }

    static MemberSnapshot reviewerIn(String spaceId, String status) {
        return new MemberSnapshot(REVIEWER, spaceId, "Finance Reviewer", status);
    }

    static UserMemberSnapshot aliceBinding() {
        return new UserMemberSnapshot("um_alice_finance_reviewer", "user_alice", REVIEWER, ACME, "delegate", "active",
                true, null);
    }

    static UserMemberSnapshot bobBinding() {
        return new UserMemberSnapshot("um_bob_finance_reviewer", "user_bob", REVIEWER, ACME, "login", "active", true,
                null);
    }

    static UserMemberSnapshot aliceRevokedBinding() {
        return new UserMemberSnapshot("um_alice_finance_reviewer_revoked", "user_alice", REVIEWER, ACME, "delegate",
                "revoked", false, null);
    }

    static UserMemberSnapshot aliceExpiredBinding() {
        return aliceBindingExpiringAt(Instant.parse("2020-01-01T00:00:00Z"));
    }

    static UserMemberSnapshot aliceBindingExpiringAt(Instant expiresAt) {
        return new UserMemberSnapshot("um_alice_finance_reviewer_expired", "user_alice", REVIEWER, ACME, "temporary",
                "active", false, expiresAt);
    }

    static UserMemberSnapshot aliceBindingLinking(String userId, String memberId, String spaceId) {
        return new UserMemberSnapshot("um_alice_finance_reviewer", userId, memberId, spaceId, "delegate", "active",
                true, null);
    }

    static GroupSnapshot group(String id, String path) {
        return new GroupSnapshot(id, ACME, path, "active");
    }

    static GroupSnapshot finance() {
        return group("group_finance", "finance");
    }

    static GroupSnapshot financeApac() {
        return group("group_finance_apac", "finance.apac");
    }

    static GroupSnapshot legalEmea() {
        return group("group_legal_emea", "legal.emea");
    }

    static ResourceSnapshot invoice001() {
        return invoiceIn(financeApac());
    }

    static ResourceSnapshot invoice002() {
        return new ResourceSnapshot("invoice_002", "invoice", ACME, "group_legal_emea", "legal.emea", CREATOR,
                "Invoice 002", "active");
    }

    /** invoice_001 moved into the given group (null: no group). */
    static ResourceSnapshot invoiceIn(GroupSnapshot group) {
        return new ResourceSnapshot("invoice_001", "invoice", ACME, group == null ? null : group.id(),
                group == null ? null : group.path(), CREATOR, "Invoice 001", "active");
    }

    static ResourceSnapshot invoice001(String spaceId, String ownerMemberId, String status) {
        return new ResourceSnapshot("invoice_001", "invoice", spaceId, "group_finance_apac", "finance.apac",
                ownerMemberId, "Invoice 001", status);
    }

    static ResourceTypeSnapshot invoiceType(String status) {
        return new ResourceTypeSnapshot("rt_invoice", "invoice", "Invoice", status);
    }

    static ActionSnapshot registeredAction(String key, String status) {
        return new ActionSnapshot("act_invoice_" + key, key, "high", true, status);
    }

    static RegistrySnapshot invoiceRegistry(String actionKey) {
        return new RegistrySnapshot(invoiceType("active"), registeredAction(actionKey, "active"));
    }

    static final String BILLING_SERVICE = "svc_billing";
    static final String BILLING_MEMBER = "member_svc_billing";

    /** A service of acme, acting as its own member {@link #BILLING_MEMBER}. */
    static ServiceSnapshot billingService() {
        return billingService(ACME, BILLING_MEMBER, "active");
    }

    static ServiceSnapshot billingService(String spaceId, String memberId, String status) {
        return new ServiceSnapshot(BILLING_SERVICE, spaceId, memberId, "Billing", status);
    }

    /** The billing service's member (member_type service). */
    static MemberSnapshot billingMember() {
        return billingMember(ACME, "active", "service");
    }

    static MemberSnapshot billingMember(String spaceId, String status, String memberType) {
        return new MemberSnapshot(BILLING_MEMBER, spaceId, "Billing", status, memberType);
    }

    /** The demo grant: finance_approver -> invoice:approve:group_tree, anchored at group_finance. */
    static GrantRow financeApprover() {
        return new GrantRow();
    }

    // ---- one decision's inputs ----

    private String userId = "user_alice";
    private String memberId = REVIEWER;
    private String userMemberId = "um_alice_finance_reviewer";
    private String spaceId = ACME;
    private String resourceType = "invoice";
    private String resourceId = "invoice_001";
    private String actionKey = "approve";

    private UserSnapshot user = alice();
    private MemberSnapshot member = reviewer();
    private UserMemberSnapshot userMember = aliceBinding();
    private SpaceSnapshot space = acme();
    private RegistrySnapshot registry = invoiceRegistry("approve");
    private TargetSnapshot target = new TargetSnapshot(invoice001(), financeApac());
    private List<Grant> grants = List.of(financeApprover().build());
    private List<TeamEdge> teams = List.of();
    private Attributes attributes = Attributes.NONE;
    private Map<String, Object> context = Map.of();
    private boolean actorInRequest = true;
    private String serviceId;
    private ServiceSnapshot service;

    static DecisionScenario aliceApprovesInvoice001() {
        return new DecisionScenario();
    }

    /** Acts as this user through this binding: sets the snapshots and the request ids. */
    DecisionScenario actingAs(UserSnapshot newUser, UserMemberSnapshot binding) {
        this.user = newUser;
        this.userMember = binding;
        this.userId = newUser.id();
        this.userMemberId = binding.id();
        return this;
    }

    /**
     * The billing service approves invoice_001: the service form of the actor (no user, no binding), its
     * member holding the demo grant.
     */
    static DecisionScenario billingServiceApprovesInvoice001() {
        DecisionScenario scenario = new DecisionScenario();
        scenario.userId = null;
        scenario.userMemberId = null;
        scenario.user = null;
        scenario.userMember = null;
        scenario.serviceId = BILLING_SERVICE;
        scenario.service = billingService();
        scenario.memberId = BILLING_MEMBER;
        scenario.member = billingMember();
        scenario.grants = List.of(financeApprover().memberRoleMember(BILLING_MEMBER).build());
        return scenario;
    }

    DecisionScenario service(ServiceSnapshot value) {
        this.service = value;
        return this;
    }

    /** The ids the request names (the snapshots unchanged). */
    DecisionScenario naming(String userId, String serviceId, String memberId, String userMemberId, String spaceId) {
        this.userId = userId;
        this.serviceId = serviceId;
        this.memberId = memberId;
        this.userMemberId = userMemberId;
        this.spaceId = spaceId;
        return this;
    }

    DecisionScenario user(UserSnapshot value) {
        this.user = value;
        return this;
    }

    DecisionScenario member(MemberSnapshot value) {
        this.member = value;
        return this;
    }

    DecisionScenario binding(UserMemberSnapshot value) {
        this.userMember = value;
        return this;
    }

    DecisionScenario space(SpaceSnapshot value) {
        this.space = value;
        return this;
    }

    DecisionScenario withoutActor() {
        this.actorInRequest = false;
        return this;
    }

    DecisionScenario registry(RegistrySnapshot value) {
        this.registry = value;
        return this;
    }

    /** Requests this action and registers it (active) for invoice. */
    DecisionScenario action(String key) {
        this.actionKey = key;
        this.registry = invoiceRegistry(key);
        return this;
    }

    /** Requests this action without touching the registry. */
    DecisionScenario requestAction(String key) {
        this.actionKey = key;
        return this;
    }

    DecisionScenario requestResourceType(String type) {
        this.resourceType = type;
        return this;
    }

    /** Targets this resource and group: sets the snapshot and the request resource id. */
    DecisionScenario targeting(ResourceSnapshot resource, GroupSnapshot group) {
        this.target = new TargetSnapshot(resource, group);
        if (resource != null) {
            this.resourceId = resource.id();
        }
        return this;
    }

    DecisionScenario target(TargetSnapshot value) {
        this.target = value;
        return this;
    }

    DecisionScenario grants(GrantRow... rows) {
        List<Grant> built = new ArrayList<>();
        for (GrantRow row : rows) {
            built.add(row.build());
        }
        this.grants = built;
        return this;
    }

    DecisionScenario grants(List<Grant> value) {
        this.grants = value;
        return this;
    }

    DecisionScenario teams(TeamEdge... edges) {
        this.teams = List.of(edges);
        return this;
    }

    DecisionScenario attributes(Attributes value) {
        this.attributes = value;
        return this;
    }

    DecisionScenario context(Map<String, Object> value) {
        this.context = value;
        return this;
    }

    DecisionRequest request() {
        ActorRef actor = actorInRequest ? new ActorRef(userId, memberId, userMemberId, spaceId, serviceId) : null;
        return new DecisionRequest(actor, resourceType, resourceId, actionKey, REQUEST_META, context);
    }

    Decision decide() {
        return decideAt(NOW);
    }

    Decision decideAt(Instant now) {
        return new DecisionEngine().decide(request(), snapshot(), now, TRACE_ID);
    }

    DecisionSnapshot snapshot() {
        return new DecisionSnapshot(new ActorSnapshot(user, member, userMember, service), space, registry, target, grants,
                teams, attributes);
    }

    /** A team as the engine sees it, active, in the demo space. */
    static TeamRef team(String key) {
        return new TeamRef("team_" + key, key, ACME, "active");
    }

    /** The reviewer's membership of a team, valid in [from, until) (either null: unbounded). */
    static TeamEdge membership(TeamRef team, Instant from, Instant until) {
        return new TeamEdge(REVIEWER, null, team, from, until);
    }

    /** A team's inheritance from a parent, valid in [from, until). */
    static TeamEdge inheritance(TeamRef child, TeamRef parent, Instant from, Instant until) {
        return new TeamEdge(null, child.id(), parent, from, until);
    }

    /** One grant row, defaulting to the demo grant. */
    static final class GrantRow {
        private String roleId = "role_finance_approver";
        private String roleKey = "finance_approver";
        private String roleSpaceId = ACME;
        private String roleStatus = "active";
        private String memberRoleId = "mr_finance_reviewer_approver_finance";
        private String memberRoleMemberId = REVIEWER;
        private String memberRoleSpaceId = ACME;
        private String memberRoleStatus = "active";
        private Instant memberRoleExpiresAt = null;
        private String rolePermissionId = "rp_finance_approver_invoice_approve_group_tree";
        private String rolePermissionStatus = "active";
        private String permissionId = "perm_invoice_approve_group_tree";
        private String permissionResource = "invoice";
        private String permissionAction = "approve";
        private String permissionScope = "group_tree";
        private String permissionStatus = "active";
        private String scopeAnchorGroupId = "group_finance";
        private GroupSnapshot scopeAnchor = finance();
        private int roleVersion = 1;
        private String roleLevel = "space";
        private String roleOrganizationId = null;
        private String subjectKind = Grant.MEMBER;
        private String teamId = null;
        private Conditions conditions = Conditions.NONE;
        private boolean direct = false;

        /** Held by this team instead of the member. */
        GrantRow heldBy(TeamRef team) {
            this.subjectKind = Grant.TEAM;
            this.teamId = team.id();
            this.memberRoleMemberId = null;
            return this;
        }

        GrantRow conditions(Conditions value) {
            this.conditions = value;
            return this;
        }

        /** Grants the permission directly, without a role. */
        GrantRow direct() {
            this.direct = true;
            return this;
        }

        GrantRow role(String key) {
            this.roleKey = key;
            this.roleId = "role_" + key;
            return this;
        }

        GrantRow roleSpace(String value) {
            this.roleSpaceId = value;
            return this;
        }

        /** A global role: no space, bindable in every one. */
        GrantRow globalRole() {
            this.roleLevel = "global";
            this.roleSpaceId = null;
            return this;
        }

        /** A role of organization {@code id}: no space, bindable in the spaces of that organization and below it. */
        GrantRow organizationRole(String id) {
            this.roleLevel = "organization";
            this.roleSpaceId = null;
            this.roleOrganizationId = id;
            return this;
        }

        GrantRow roleLevel(String value) {
            this.roleLevel = value;
            return this;
        }

        GrantRow roleVersion(int value) {
            this.roleVersion = value;
            return this;
        }

        GrantRow roleStatus(String value) {
            this.roleStatus = value;
            return this;
        }

        GrantRow memberRole(String id) {
            this.memberRoleId = id;
            return this;
        }

        GrantRow memberRoleMember(String value) {
            this.memberRoleMemberId = value;
            return this;
        }

        GrantRow memberRoleSpace(String value) {
            this.memberRoleSpaceId = value;
            return this;
        }

        GrantRow memberRoleStatus(String value) {
            this.memberRoleStatus = value;
            return this;
        }

        GrantRow memberRoleExpiresAt(Instant value) {
            this.memberRoleExpiresAt = value;
            return this;
        }

        GrantRow rolePermissionStatus(String value) {
            this.rolePermissionStatus = value;
            return this;
        }

        /** The permission resource:action:scope, with a matching permission id. */
        GrantRow permission(String resource, String action, String scope) {
            this.permissionResource = resource;
            this.permissionAction = action;
            this.permissionScope = scope;
            this.permissionId = "perm_" + resource + "_" + action + "_" + scope;
            return this;
        }

        GrantRow scope(String scope) {
            return permission(permissionResource, permissionAction, scope);
        }

        GrantRow permissionId(String value) {
            this.permissionId = value;
            return this;
        }

        GrantRow permissionStatus(String value) {
            this.permissionStatus = value;
            return this;
        }

        GrantRow anchor(GroupSnapshot group) {
            this.scopeAnchorGroupId = group.id();
            this.scopeAnchor = group;
            return this;
        }

        /** An anchor id whose group row was not found. */
        GrantRow anchorRowMissing(String groupId) {
            this.scopeAnchorGroupId = groupId;
            this.scopeAnchor = null;
            return this;
        }

        GrantRow noAnchor() {
            this.scopeAnchorGroupId = null;
            this.scopeAnchor = null;
            return this;
        }

        Grant build() {
            return new Grant(direct ? null : roleId, direct ? null : roleKey, direct ? null : roleSpaceId,
                    direct ? null : roleStatus,
                    memberRoleId, memberRoleMemberId, memberRoleSpaceId, memberRoleStatus, memberRoleExpiresAt,
                    direct ? null : rolePermissionId, direct ? null : rolePermissionStatus,
                    permissionId, permissionResource, permissionAction, permissionScope, permissionStatus,
                    scopeAnchorGroupId, scopeAnchor, roleVersion, roleLevel, roleOrganizationId, subjectKind, teamId,
                    conditions);
        }
    }
}
