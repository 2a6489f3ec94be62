package io.plystra.authz;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.authz.engine.Grant;
import io.plystra.authz.engine.MemberSnapshot;
import io.plystra.authz.engine.OrganizationSnapshot;
import io.plystra.authz.engine.ServiceSnapshot;
import io.plystra.authz.engine.SpaceSnapshot;
import io.plystra.authz.engine.TargetSnapshot;
import io.plystra.authz.engine.UserMemberSnapshot;
import io.plystra.authz.engine.UserSnapshot;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The statements of lookup-resources and lookup-members, prepared on the reactive pool like
 * {@link SnapshotLoader}'s. Each narrows the candidates from the grants side (the actor's scopes, the
 * grants of one permission), never reading a whole table; the pure engine then decides each candidate,
 * so a candidate these statements let through too generously is dropped, never allowed.
 */
@ApplicationScoped
public class LookupQueries {

    /**
     * The active groups a set of scope anchors covers: the {@code group} anchors themselves, and every
     * group at or under a {@code group_tree} anchor's path. The subtree is a byte-order range on the path
     * ({@code anchor.} up to {@code anchor/}, '/' following '.'), the segment-boundary prefix test without
     * LIKE, so no character of a path is a wildcard; groups_space_path_c_idx answers it.
     */
    static final String COVERED_GROUPS_SQL = """
            SELECT g.id FROM groups g
            WHERE g.space_id = $1 AND g.status = 'active' AND g.id = ANY($2::text[])
            UNION
            SELECT g.id FROM unnest($3::text[]) AS a(path)
            JOIN groups g ON g.space_id = $1 AND g.status = 'active'
                 AND (g.path = a.path OR ((g.path COLLATE "C") >= (a.path || '.') COLLATE "C"
                                          AND (g.path COLLATE "C") < (a.path || '/') COLLATE "C"))""";

    private static final String RESOURCE_COLUMNS = """
            SELECT r.id, r.resource_type, r.space_id, r.group_id, r.owner_member_id, r.display_name, r.status,
                   g.id, g.space_id, g.path, g.status
            FROM resources r
            LEFT JOIN groups g ON g.id = r.group_id
            """;

    /** A space-wide grant: every active resource of the type in the space, by (space_id, resource_type, id). */
    static final String ALL_RESOURCES_SQL = RESOURCE_COLUMNS + """
            WHERE r.space_id = $1 AND r.resource_type = $2 AND r.status = 'active' AND r.id > $3
            ORDER BY r.id LIMIT $4""";

    /** Owned by the member ({@code self}) or in a covered group: the owner and group indexes, never the whole space. */
    static final String SOME_RESOURCES_SQL = RESOURCE_COLUMNS + """
            WHERE r.space_id = $1 AND r.resource_type = $2 AND r.status = 'active' AND r.id > $3
              AND (r.owner_member_id = $4 OR r.group_id = ANY($5::text[]))
            ORDER BY r.id LIMIT $6""";

    /** The space with its organization chain ({@link SnapshotLoader#ORGANIZATION_CHAIN}). */
    static final String SPACE_SQL = "SELECT s.id, s.name, s.status, oc.ids, oc.names, oc.statuses FROM spaces s\n"
            + SnapshotLoader.ORGANIZATION_CHAIN + "\nWHERE s.id = $1";

    static final String TARGET_IN_SPACE_SQL = RESOURCE_COLUMNS + """
            WHERE r.space_id = $1 AND r.resource_type = $2 AND r.id = $3""";

    static final String SPACES_HOLDING_SQL = "SELECT space_id FROM resources WHERE resource_type = $1 AND id = $2 ORDER BY space_id";

    /**
     * The members whose live grants of this permission in the space (through a role of the space, a global role or
     * a role of an organization of the space's chain ($10) bound there) may cover the target, starting from the permission's grants: space scope, self on the owner, group on the target's group, group_tree on
     * an anchor at or above the target's path ($6/$7 null when the target has no usable group).
     */
    /**
     * The members who may hold a grant of the type and action on the target: bindings of the member itself (whose scope
     * may cover the target) and members of teams that hold a binding of it, directly or through inheritance valid at
     * {@code $4}. A superset of those the engine allows (team bindings are not narrowed by scope here); the engine
     * decides each one.
     */
    static final String CANDIDATE_MEMBERS_SQL = """
            WITH RECURSIVE held AS (
                SELECT mr.member_id, mr.team_id
                FROM member_roles mr
                LEFT JOIN roles ro ON ro.id = mr.role_id
                LEFT JOIN role_permissions rp ON rp.role_id = mr.role_id AND rp.status = 'active'
                JOIN permissions p ON p.id = COALESCE(rp.permission_id, mr.permission_id)
                LEFT JOIN groups ag ON ag.id = mr.scope_anchor_group_id
                WHERE mr.space_id = $1 AND mr.status = 'active' AND (mr.expires_at IS NULL OR mr.expires_at > $4)
                  AND (mr.role_id IS NULL OR (ro.status = 'active' AND (ro.space_id = $1 OR ro.level = 'global'
                       OR (ro.level = 'organization' AND ro.organization_id = ANY($10::text[])))))
                  AND p.resource = $2 AND p.action = $3 AND p.status = 'active'
                  AND (mr.team_id IS NOT NULL
                       OR p.scope = 'space'
                       OR (p.scope = 'self' AND mr.member_id = $5)
                       OR (p.scope = 'group' AND ag.status = 'active' AND ag.id = $6)
                       OR (p.scope = 'group_tree' AND ag.status = 'active'
                           AND ($7 = ag.path OR left($7, length(ag.path) + 1) = ag.path || '.')))
            ), teams_holding(team_id) AS (
                SELECT team_id FROM held WHERE team_id IS NOT NULL
                UNION
                SELECT tp.team_id FROM team_parents tp JOIN teams_holding h ON tp.parent_team_id = h.team_id
                WHERE (tp.starts_at IS NULL OR tp.starts_at <= $4) AND (tp.ends_at IS NULL OR tp.ends_at > $4)
            )
            SELECT member_id FROM (
                SELECT member_id FROM held WHERE member_id IS NOT NULL
                UNION
                SELECT tm.member_id FROM team_members tm JOIN teams_holding h ON h.team_id = tm.team_id
                WHERE (tm.starts_at IS NULL OR tm.starts_at <= $4) AND (tm.ends_at IS NULL OR tm.ends_at > $4)
            ) candidates
            WHERE member_id > $8
            ORDER BY member_id LIMIT $9""";

    static final String MEMBERS_SQL = """
            SELECT m.id, m.space_id, m.display_name, m.status,
                   um.id, um.user_id, um.member_id, um.space_id, um.relation_type, um.status, um.is_primary, um.expires_at,
                   u.id, u.email, u.status,
                   m.member_type, sv.id, sv.space_id, sv.member_id, sv.name, sv.status
            FROM members m
            LEFT JOIN user_members um ON um.member_id = m.id
            LEFT JOIN users u ON u.id = um.user_id
            LEFT JOIN services sv ON sv.member_id = m.id
            WHERE m.id = ANY($1::text[])
            ORDER BY m.id, um.id""";

    /** One member with its bindings (each with its user), and the service it is the member of (else null). */
    public record MemberRows(MemberSnapshot member, List<Binding> bindings, ServiceSnapshot service) {
    }

    public record Binding(UserMemberSnapshot userMember, UserSnapshot user) {
    }

    private final Pool pool;

    public LookupQueries(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<String>> coveredGroups(String spaceId, List<String> groupAnchors, List<String> treePaths) {
        if (groupAnchors.isEmpty() && treePaths.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery(COVERED_GROUPS_SQL)
                .execute(Tuple.of(spaceId, groupAnchors.toArray(String[]::new), treePaths.toArray(String[]::new)))
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getString(0)));
                    return ids;
                });
    }

    /** Up to {@code limit} candidate resources after {@code afterId} in id order; {@code all}: a space-wide grant. */
    public Uni<List<TargetSnapshot>> resources(String spaceId, String type, String afterId, int limit, boolean all,
                                               String owner, List<String> groupIds) {
        if (!all && owner == null && groupIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Uni<io.vertx.mutiny.sqlclient.RowSet<Row>> rows = all
                ? pool.preparedQuery(ALL_RESOURCES_SQL).execute(Tuple.of(spaceId, type, afterId, limit))
                : pool.preparedQuery(SOME_RESOURCES_SQL).execute(Tuple.of(spaceId, type, afterId).addString(owner)
                        .addArrayOfString(groupIds.toArray(String[]::new)).addInteger(limit));
        return rows.map(set -> {
            List<TargetSnapshot> targets = new ArrayList<>();
            set.forEach(r -> targets.add(SnapshotLoader.target(r)));
            return targets;
        });
    }

    public Uni<SpaceSnapshot> space(String spaceId) {
        return pool.preparedQuery(SPACE_SQL).execute(Tuple.of(spaceId)).map(rows -> {
            var it = rows.iterator();
            return it.hasNext() ? SnapshotLoader.space(it.next(), 0, 3) : null;
        });
    }

    /** The target of this type and id in the space; a target with a null resource when there is none. */
    public Uni<TargetSnapshot> target(String spaceId, String type, String id) {
        return pool.preparedQuery(TARGET_IN_SPACE_SQL).execute(Tuple.of(spaceId, type, id)).map(rows -> {
            var it = rows.iterator();
            return it.hasNext() ? SnapshotLoader.target(it.next()) : new TargetSnapshot(null, null);
        });
    }

    /** The spaces holding a resource of this type and id. */
    public Uni<List<String>> spacesHolding(String type, String id) {
        return pool.preparedQuery(SPACES_HOLDING_SQL).execute(Tuple.of(type, id)).map(rows -> {
            List<String> spaces = new ArrayList<>();
            rows.forEach(r -> spaces.add(r.getString(0)));
            return spaces;
        });
    }

    public Uni<List<String>> candidateMembers(SpaceSnapshot space, String type, String action, Instant now, String owner,
                                              String groupId, String groupPath, String afterId, int limit) {
        Tuple args = Tuple.of(space.id(), type, action).addOffsetDateTime(OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .addString(owner).addString(groupId).addString(groupPath).addString(afterId).addInteger(limit)
                .addArrayOfString(space.organizations().stream().map(OrganizationSnapshot::id).toArray(String[]::new));
        return pool.preparedQuery(CANDIDATE_MEMBERS_SQL).execute(args).map(rows -> {
            List<String> ids = new ArrayList<>();
            rows.forEach(r -> ids.add(r.getString(0)));
            return ids;
        });
    }

    /** The members with these ids, each with every binding of it and that binding's user, and its service, in id order. */
    public Uni<List<MemberRows>> members(List<String> memberIds) {
        return pool.preparedQuery(MEMBERS_SQL).execute(Tuple.of(memberIds.toArray(String[]::new))).map(rows -> {
            Map<String, MemberRows> byId = new LinkedHashMap<>();
            rows.forEach(r -> {
                MemberRows m = byId.computeIfAbsent(r.getString(0), id -> new MemberRows(
                        new MemberSnapshot(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getString(15)),
                        new ArrayList<>(), r.getString(16) == null ? null
                                : new ServiceSnapshot(r.getString(16), r.getString(17), r.getString(18), r.getString(19), r.getString(20))));
                if (r.getString(4) != null) {
                    UserMemberSnapshot um = new UserMemberSnapshot(r.getString(4), r.getString(5), r.getString(6), r.getString(7),
                            r.getString(8), r.getString(9), r.getBoolean(10), SnapshotLoader.instant(r, 11));
                    UserSnapshot user = r.getString(12) == null ? null : new UserSnapshot(r.getString(12), r.getString(13), r.getString(14));
                    m.bindings().add(new Binding(um, user));
                }
            });
            return List.copyOf(byId.values());
        });
    }

}
