package io.plystra.identity.team;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.plystra.audit.AuditedWrite;
import io.plystra.audit.Mutation;
import io.plystra.identity.ReferenceRepository;
import io.plystra.identity.team.TeamViews.MembershipCreate;
import io.plystra.identity.team.TeamViews.MembershipView;
import io.plystra.identity.team.TeamViews.ParentCreate;
import io.plystra.identity.team.TeamViews.ParentView;
import io.plystra.identity.team.TeamViews.TeamCreate;
import io.plystra.identity.team.TeamViews.TeamView;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.Ids;
import io.plystra.kernel.JsonPatch;
import io.plystra.kernel.Keys;
import io.plystra.kernel.Page;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.RequestContext;
import io.plystra.kernel.Status;
import io.plystra.kernel.Timestamps;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Teams of a space, their time-bounded memberships and their inheritance links. A link that would close a cycle
 * (whatever the windows) is refused when it is written. The route's {@code teams:*} permission in the space is checked
 * before these run ({@code @Requires} on {@link TeamResource}).
 */
@ApplicationScoped
public class TeamService {

    static final Set<String> PATCHABLE = Set.of("name", "description");
    static final Set<String> IMMUTABLE = Set.of("id", "space_id", "key", "status", "created_at", "updated_at");
    static final Set<String> LINK_PATCHABLE = Set.of("starts_at", "ends_at");
    static final Set<String> LINK_IMMUTABLE = Set.of("id", "team_id", "member_id", "parent_team_id", "created_at", "updated_at");

    @Inject
    TeamRepository teams;
    @Inject
    TeamMemberRepository memberships;
    @Inject
    TeamParentRepository parents;
    @Inject
    ReferenceRepository references;
    @Inject
    AuditedWrite writes;
    @Inject
    RequestContext request;

    @WithSession
    public Uni<Page<TeamView>> list(String spaceId, PageRequest page, String status) {
        Uni<List<Team>> rows = teams.page(spaceId, page, status);
        return references.space(spaceId).flatMap(v -> rows)
                .map(found -> Page.of(found, page.limit(), t -> t.createdAt, t -> t.id, TeamView::of));
    }

    @WithSession
    public Uni<TeamView> get(String spaceId, String id) {
        return find(spaceId, id).map(TeamView::of);
    }

    @WithTransaction
    public Uni<TeamView> create(String spaceId, TeamCreate body) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (body == null || !Keys.valid(body.key())) {
            problems.put("key", Keys.RULE);
        }
        if (body == null || body.name() == null || body.name().isBlank()) {
            problems.put("name", "is required");
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        Team t = new Team();
        t.id = Ids.givenOrNew(body.id(), "team");
        t.spaceId = spaceId;
        t.key = body.key();
        t.name = body.name().trim();
        t.description = body.description();
        t.status = Status.ACTIVE;
        t.createdAt = request.now();
        t.updatedAt = t.createdAt;
        return references.space(spaceId).flatMap(v -> writes.commit(teams.persistAndFlush(t), changed(t, "created")));
    }

    @WithTransaction
    public Uni<TeamView> patch(String spaceId, String id, JsonPatch patch) {
        return find(spaceId, id).flatMap(t -> {
            if (patch.has("name")) {
                String name = patch.text("name", true);
                if (name.isBlank()) {
                    throw ApiException.validation("name", "must not be blank");
                }
                t.name = name.trim();
            }
            if (patch.has("description")) {
                t.description = patch.text("description", false);
            }
            t.updatedAt = request.now();
            return writes.commit(teams.flush(), changed(t, "updated"));
        });
    }

    @WithTransaction
    public Uni<TeamView> setStatus(String spaceId, String id, Status status, String verb) {
        return find(spaceId, id).flatMap(t -> {
            t.status = status;
            t.updatedAt = request.now();
            return writes.commit(teams.flush(), changed(t, verb));
        });
    }

    // ---- memberships

    @WithSession
    public Uni<Page<MembershipView>> members(String spaceId, String teamId, PageRequest page) {
        return find(spaceId, teamId).flatMap(t -> memberships.page(teamId, page))
                .map(found -> Page.of(found, page.limit(), m -> m.createdAt, m -> m.id, MembershipView::of));
    }

    @WithTransaction
    public Uni<MembershipView> addMember(String spaceId, String teamId, MembershipCreate body) {
        if (body == null || body.memberId() == null || body.memberId().isBlank()) {
            throw ApiException.validation("member_id", "is required");
        }
        TeamMember m = new TeamMember();
        m.id = Ids.generate("tm");
        m.spaceId = spaceId;
        m.teamId = teamId;
        m.memberId = body.memberId();
        window(m, Timestamps.parse(body.startsAt(), "starts_at"), Timestamps.parse(body.endsAt(), "ends_at"));
        m.createdAt = request.now();
        m.updatedAt = m.createdAt;
        return find(spaceId, teamId)
                .flatMap(t -> references.member(spaceId, "member_id", m.memberId))
                .flatMap(v -> memberships.of(teamId, m.memberId))
                .flatMap(held -> {
                    if (held != null) {
                        throw ApiException.conflict("team_member", "the member already belongs to this team; PATCH its window");
                    }
                    return writes.commit(memberships.persistAndFlush(m), membership(m, "created"));
                });
    }

    @WithTransaction
    public Uni<MembershipView> patchMember(String spaceId, String teamId, String memberId, JsonPatch patch) {
        return membershipOf(spaceId, teamId, memberId).flatMap(m -> {
            patchWindow(m, patch);
            return writes.commit(memberships.flush(), membership(m, "updated"));
        });
    }

    @WithTransaction
    public Uni<MembershipView> removeMember(String spaceId, String teamId, String memberId) {
        return membershipOf(spaceId, teamId, memberId).flatMap(m -> {
            Mutation<MembershipView> removed = membership(m, "removed");
            return writes.commit(memberships.delete(m).call(memberships::flush), removed);
        });
    }

    // ---- inheritance

    @WithSession
    public Uni<Page<ParentView>> parents(String spaceId, String teamId, PageRequest page) {
        return find(spaceId, teamId).flatMap(t -> parents.page(teamId, page))
                .map(found -> Page.of(found, page.limit(), p -> p.createdAt, p -> p.id, ParentView::of));
    }

    /** Serialised per space (an advisory lock), so two links written at once cannot close a cycle between them. */
    @WithTransaction
    public Uni<ParentView> addParent(String spaceId, String teamId, ParentCreate body) {
        if (body == null || body.parentTeamId() == null || body.parentTeamId().isBlank()) {
            throw ApiException.validation("parent_team_id", "is required");
        }
        if (body.parentTeamId().equals(teamId)) {
            throw ApiException.validation("parent_team_id", "must name another team: a team cannot inherit from itself");
        }
        TeamParent p = new TeamParent();
        p.id = Ids.generate("tp");
        p.spaceId = spaceId;
        p.teamId = teamId;
        p.parentTeamId = body.parentTeamId();
        window(p, Timestamps.parse(body.startsAt(), "starts_at"), Timestamps.parse(body.endsAt(), "ends_at"));
        p.createdAt = request.now();
        p.updatedAt = p.createdAt;
        return find(spaceId, teamId)
                .call(t -> teams.lockLinks(spaceId))
                .flatMap(t -> teams.inSpace(spaceId, p.parentTeamId))
                .invoke(parent -> {
                    if (parent == null) {
                        throw ApiException.validation("parent_team_id", "must be a team of this space");
                    }
                })
                .flatMap(parent -> parents.of(teamId, p.parentTeamId))
                .invoke(held -> {
                    if (held != null) {
                        throw ApiException.conflict("team_parent", "the team already inherits from " + p.parentTeamId
                                + "; PATCH the link's window");
                    }
                })
                .flatMap(held -> teams.ancestors(p.parentTeamId))
                .flatMap(ancestors -> {
                    if (ancestors.contains(teamId)) {
                        throw ApiException.conflict("team_parent", "team " + p.parentTeamId + " already inherits from "
                                + teamId + ": the link would make a cycle");
                    }
                    return writes.commit(parents.persistAndFlush(p), parent(p, "created"));
                });
    }

    @WithTransaction
    public Uni<ParentView> patchParent(String spaceId, String teamId, String parentTeamId, JsonPatch patch) {
        return parentOf(spaceId, teamId, parentTeamId).flatMap(p -> {
            patchWindow(p, patch);
            return writes.commit(parents.flush(), parent(p, "updated"));
        });
    }

    @WithTransaction
    public Uni<ParentView> removeParent(String spaceId, String teamId, String parentTeamId) {
        return parentOf(spaceId, teamId, parentTeamId).flatMap(p -> {
            Mutation<ParentView> removed = parent(p, "removed");
            return writes.commit(parents.delete(p).call(parents::flush), removed);
        });
    }

    // ----

    private void patchWindow(TeamLink link, JsonPatch patch) {
        Instant starts = patch.has("starts_at") ? patch.instant("starts_at") : link.startsAt;
        Instant ends = patch.has("ends_at") ? patch.instant("ends_at") : link.endsAt;
        window(link, starts, ends);
        link.updatedAt = request.now();
    }

    private static void window(TeamLink link, Instant starts, Instant ends) {
        if (starts != null && ends != null && !ends.isAfter(starts)) {
            throw ApiException.validation("ends_at", "must be after starts_at");
        }
        link.startsAt = starts;
        link.endsAt = ends;
    }

    private Uni<Team> find(String spaceId, String id) {
        return references.space(spaceId).flatMap(v -> teams.inSpace(spaceId, id))
                .onItem().ifNull().failWith(() -> ApiException.notFound("team", id));
    }

    private Uni<TeamMember> membershipOf(String spaceId, String teamId, String memberId) {
        return find(spaceId, teamId).flatMap(t -> memberships.of(teamId, memberId))
                .onItem().ifNull().failWith(() -> ApiException.notFound("team_member", memberId));
    }

    private Uni<TeamParent> parentOf(String spaceId, String teamId, String parentTeamId) {
        return find(spaceId, teamId).flatMap(t -> parents.of(teamId, parentTeamId))
                .onItem().ifNull().failWith(() -> ApiException.notFound("team_parent", parentTeamId));
    }

    private static Mutation<TeamView> changed(Team t, String verb) {
        return new Mutation<>("team", verb, t.id, t.spaceId, TeamView.of(t));
    }

    private static Mutation<MembershipView> membership(TeamMember m, String verb) {
        return new Mutation<>("team_member", verb, m.id, m.spaceId, MembershipView.of(m));
    }

    private static Mutation<ParentView> parent(TeamParent p, String verb) {
        return new Mutation<>("team_parent", verb, p.id, p.spaceId, ParentView.of(p));
    }
}
