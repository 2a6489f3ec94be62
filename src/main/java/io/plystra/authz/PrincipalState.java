package io.plystra.authz;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.plystra.authz.engine.Attribute;
import io.plystra.authz.engine.TeamEdge;

/**
 * What {@code GET /spaces/{sid}/authz/state} answers: a member's bindings (its own and those of every team it may
 * reach, whatever their windows and status), its links into teams and its live attributes, now or as of {@code at}.
 */
public record PrincipalState(String spaceId, String memberId, Instant at, List<Binding> bindings, List<TeamEdge> teams,
                             List<Attribute> attributes) {

    /** Memberships first, then inheritance links, each by team id. */
    static final Comparator<TeamEdge> EDGE_ORDER = Comparator
            .comparing((TeamEdge e) -> e.memberId() == null)
            .thenComparing(e -> e.childTeamId() == null ? "" : e.childTeamId())
            .thenComparing(e -> e.team().id());

    static PrincipalState of(String spaceId, String memberId, Instant at, List<Binding> bindings, List<TeamEdge> teams,
                             Map<String, Attribute> attributes) {
        return new PrincipalState(spaceId, memberId, at, List.copyOf(bindings), teams,
                attributes.values().stream().sorted(Comparator.comparing(Attribute::key)).toList());
    }

    /**
     * One binding as it was: its subject, its grant (a role at the version it had then, with that version's status and
     * permission set; or one permission), anchor, status, expiry and conditions.
     */
    public record Binding(String id, String subjectKind, String memberId, String teamId, String roleId, Integer roleVersion,
                          String roleStatus, List<String> rolePermissionIds, String permissionId, String scopeAnchorGroupId,
                          String status, Instant expiresAt, Object conditions) {
    }
}
