package io.plystra.authz;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.plystra.attribute.AttributeSnapshots;
import io.plystra.attribute.AttributeSubject;
import io.plystra.audit.AuditChain;
import io.plystra.authz.engine.Attribute;
import io.plystra.authz.engine.Attributes;
import io.plystra.authz.engine.DecisionRequest;
import io.plystra.authz.engine.Grant;
import io.plystra.authz.engine.SpaceSnapshot;
import io.plystra.authz.engine.TeamEdge;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A principal's state as of an instant, rebuilt from the change events on the reactive pool (no ORM session, nothing
 * cached, nothing written): its bindings and its teams' from binding_history, each role's permission set from
 * role_versions, its team memberships and the teams' inheritance links and status from the audit rows of the mutation
 * chain (their {@code after}), its attributes from attribute_history. The same statements read today's state from the
 * live tables, so both answer in one shape ({@link PrincipalState}).
 */
@ApplicationScoped
public class AsOfLoader {

    static final String MEMBER_SPACE_SQL = "SELECT space_id FROM members WHERE id = $1";

    /** The latest audit row per entity id of one mutation kind ({@code %s}: more of the WHERE), at or before $2. */
    private static final String LATEST_MUTATIONS = """
            SELECT x.after FROM (
                SELECT DISTINCT ON (resource_id) action, trace -> 'after' AS after FROM audit_logs
                WHERE chain_id = '%1$s' AND resource_type = '%2$s' AND %3$s AND created_at <= $2
                ORDER BY resource_id, created_at DESC, chain_seq DESC) x
            WHERE x.action <> '%2$s.removed'""";

    /**
     * The links a member ($1) may follow into teams as of $2, in {@link SnapshotLoader#TEAMS_SQL}'s shape: its
     * memberships, then the inheritance links (of its space, $3) of every team it may reach, each team with its key and
     * status as of then; whatever their windows.
     */
    static final String TEAMS_AS_OF_SQL = "WITH RECURSIVE memberships AS ("
            + LATEST_MUTATIONS.formatted(AuditChain.MUTATIONS, "team_member", "trace -> 'after' ->> 'member_id' = $1")
            + "), links AS (" + LATEST_MUTATIONS.formatted(AuditChain.MUTATIONS, "team_parent", "space_id = $3") + """
            ), reach(team_id) AS (
                SELECT after ->> 'team_id' FROM memberships
                UNION
                SELECT l.after ->> 'parent_team_id' FROM links l JOIN reach r ON l.after ->> 'team_id' = r.team_id
            ), teams_then AS (
                SELECT DISTINCT ON (resource_id) resource_id AS id, space_id, trace -> 'after' ->> 'key' AS key,
                       trace -> 'after' ->> 'status' AS status
                FROM audit_logs
                WHERE chain_id = '%s' AND resource_type = 'team' AND resource_id IN (SELECT team_id FROM reach)
                  AND created_at <= $2
                ORDER BY resource_id, created_at DESC, chain_seq DESC)
            SELECT m.after ->> 'member_id', NULL, t.id, t.key, t.space_id, t.status,
                   CAST(m.after ->> 'starts_at' AS timestamptz), CAST(m.after ->> 'ends_at' AS timestamptz)
            FROM memberships m JOIN teams_then t ON t.id = m.after ->> 'team_id'
            UNION ALL
            SELECT NULL, l.after ->> 'team_id', t.id, t.key, t.space_id, t.status,
                   CAST(l.after ->> 'starts_at' AS timestamptz), CAST(l.after ->> 'ends_at' AS timestamptz)
            FROM links l JOIN reach r ON l.after ->> 'team_id' = r.team_id JOIN teams_then t ON t.id = l.after ->> 'parent_team_id'
            """.formatted(AuditChain.MUTATIONS);

    /** The bindings of a member ($1) and of the teams $2, as they are now (in the columns of {@link #BINDINGS_THEN}). */
    static final String BINDINGS_NOW = """
            SELECT id, space_id, subject_kind, member_id, team_id, role_id, permission_id, scope_anchor_group_id, status,
                   expires_at, conditions
            FROM member_roles WHERE member_id = $1 OR team_id = ANY($2)""";

    /** The bindings of a member ($1) and of the teams $2 as of $3: each one's last version at or before it. */
    static final String BINDINGS_THEN = """
            SELECT h.binding_id AS id, h.space_id, h.state ->> 'subject_kind' AS subject_kind, h.state ->> 'member_id' AS member_id,
                   h.state ->> 'team_id' AS team_id, h.state ->> 'role_id' AS role_id, h.state ->> 'permission_id' AS permission_id,
                   h.state ->> 'scope_anchor_group_id' AS scope_anchor_group_id, h.state ->> 'status' AS status,
                   CAST(h.state ->> 'expires_at' AS timestamptz) AS expires_at,
                   NULLIF(h.state -> 'conditions', 'null'::jsonb) AS conditions
            FROM (SELECT DISTINCT ON (binding_id) binding_id, space_id, state FROM binding_history
                  WHERE (state ->> 'member_id' = $1 OR state ->> 'team_id' = ANY($2)) AND changed_at <= $3
                  ORDER BY binding_id, version DESC) h""";

    /** The version of the binding's role (aliased b) at or before $3: its status and permission set then. */
    private static final String ROLE_THEN = """
             LEFT JOIN LATERAL (SELECT version, status, permission_ids FROM role_versions
                                WHERE role_id = b.role_id AND created_at <= $3 ORDER BY version DESC LIMIT 1) rv ON true
            """;

    /** The bindings of {@code bindings} ({@link #BINDINGS_NOW} or {@link #BINDINGS_THEN}) with their role's version as of $3. */
    static String stateSql(String bindings) {
        return """
                SELECT b.id, b.subject_kind, b.member_id, b.team_id, b.role_id, rv.version, rv.status, rv.permission_ids,
                       b.permission_id, b.scope_anchor_group_id, b.status, b.expires_at, CAST(b.conditions AS text)
                FROM (""" + bindings + ") b" + ROLE_THEN + "ORDER BY b.id";
    }

    static final String STATE_NOW_SQL = stateSql(BINDINGS_NOW);
    static final String STATE_THEN_SQL = stateSql(BINDINGS_THEN);

    /**
     * The grants for one type ($4) and action ($5) of the bindings as of $3, in {@link SnapshotLoader#grant}'s columns:
     * a role binding grants each permission of its role's set then (a role that did not exist then grants nothing).
     */
    static final String GRANTS_THEN_SQL = """
            SELECT ro.id, ro.key, ro.space_id, rv.status,
                   b.id, b.member_id, b.space_id, b.status, b.expires_at,
                   NULL, CASE WHEN rp.permission_id IS NULL THEN NULL ELSE 'active' END,
                   p.id, p.resource, p.action, p.scope, p.status,
                   b.scope_anchor_group_id, ag.id, ag.space_id, ag.path, ag.status,
                   b.subject_kind, b.team_id, b.conditions, rv.version, ro.level, ro.organization_id
            FROM (""" + BINDINGS_THEN + ") b" + ROLE_THEN + """
            LEFT JOIN roles ro ON ro.id = b.role_id
            LEFT JOIN LATERAL unnest(rv.permission_ids) AS rp(permission_id) ON true
            JOIN permissions p ON p.id = COALESCE(rp.permission_id, b.permission_id)
            LEFT JOIN groups ag ON ag.id = b.scope_anchor_group_id
            WHERE p.resource = $4 AND p.action = $5""";

    /** A plain mapper for the stored conditions: they are JSON the binding wrote. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Pool pool;
    private final AttributeSnapshots attributes;

    public AsOfLoader(Pool pool, AttributeSnapshots attributes) {
        this.pool = pool;
        this.attributes = attributes;
    }

    /** The space of a member; null when there is no such member. */
    public Uni<String> memberSpace(String memberId) {
        return pool.preparedQuery(MEMBER_SPACE_SQL).execute(Tuple.of(memberId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
    }

    /**
     * A member's state: as it is now ({@code at} null; {@code now} is then the instant the answer names), or as of
     * {@code at}.
     */
    public Uni<PrincipalState> state(String spaceId, String memberId, Instant at, Instant now) {
        Instant asOf = at == null ? now : at;
        Uni<Map<String, Attribute>> held = at == null
                ? attributes.load(spaceId, memberId, null, null, true).map(a -> a.principal())
                : attributes.asOf(AttributeSubject.MEMBER, spaceId, memberId, at);
        return Uni.combine().all().unis(teams(spaceId, memberId, at), held).asTuple().flatMap(t -> {
            List<TeamEdge> teams = t.getItem1();
            Tuple args = Tuple.of(memberId, teamIds(teams), asOf.atOffset(ZoneOffset.UTC));
            return pool.preparedQuery(at == null ? STATE_NOW_SQL : STATE_THEN_SQL).execute(args).map(rows -> {
                List<PrincipalState.Binding> bindings = new ArrayList<>();
                rows.forEach(r -> bindings.add(binding(r)));
                return PrincipalState.of(spaceId, memberId, asOf, bindings, teams, t.getItem2());
            });
        });
    }

    /**
     * The decision's snapshot as of {@code at}: {@code today}'s actor, space, registry entry and target, with the
     * actor's grants, team links and the attributes its conditions read as of {@code at}.
     */
    public Uni<Snapshot> snapshot(Snapshot today, DecisionRequest request, Instant at) {
        String spaceId = request.actor().spaceId();
        String memberId = request.actor().memberId();
        return teams(spaceId, memberId, at).flatMap(teams -> pool.preparedQuery(GRANTS_THEN_SQL)
                .execute(Tuple.of(memberId, teamIds(teams), at.atOffset(ZoneOffset.UTC), request.resourceType(), request.action()))
                .map(rows -> {
                    List<Grant> grants = new ArrayList<>();
                    rows.forEach(g -> grants.add(SnapshotLoader.grant(g)));
                    return new Snapshot(today.actor(), today.registry(), today.target(), List.copyOf(grants), teams);
                }))
                .flatMap(s -> s.readsStoredAttributes() ? attributesAsOf(today.actor().space(), request, at).map(s::with)
                        : Uni.createFrom().item(s));
    }

    /** The stored attributes of the member, the target, the space and its organization as of {@code at}. */
    private Uni<Attributes> attributesAsOf(SpaceSnapshot space, DecisionRequest request, Instant at) {
        String spaceId = request.actor().spaceId();
        Uni<Map<String, Attribute>> organization = space == null || space.organizations().isEmpty() ? Uni.createFrom().item(Map.of())
                : attributes.asOf(AttributeSubject.ORGANIZATION, null, space.organizations().get(0).id(), at);
        return Uni.combine().all().unis(
                        attributes.asOf(AttributeSubject.MEMBER, spaceId, request.actor().memberId(), at),
                        attributes.asOf(AttributeSubject.RESOURCE, spaceId, request.resourceType() + ":" + request.resourceId(), at),
                        attributes.asOf(AttributeSubject.SPACE, spaceId, spaceId, at), organization).asTuple()
                .map(t -> new Attributes(t.getItem1(), t.getItem2(), t.getItem3(), t.getItem4()));
    }

    /** The member's links into teams, now ({@code at} null) or as of {@code at}, in a stable order. */
    private Uni<List<TeamEdge>> teams(String spaceId, String memberId, Instant at) {
        var rows = at == null ? pool.preparedQuery(SnapshotLoader.TEAMS_SQL).execute(Tuple.of(memberId))
                : pool.preparedQuery(TEAMS_AS_OF_SQL).execute(Tuple.of(memberId, at.atOffset(ZoneOffset.UTC), spaceId));
        return rows.map(found -> {
            List<TeamEdge> edges = new ArrayList<>();
            found.forEach(e -> edges.add(SnapshotLoader.edge(e)));
            edges.sort(PrincipalState.EDGE_ORDER);
            return List.copyOf(edges);
        });
    }

    private static String[] teamIds(List<TeamEdge> edges) {
        return edges.stream().map(e -> e.team().id()).distinct().toArray(String[]::new);
    }

    private static PrincipalState.Binding binding(Row r) {
        String[] permissions = r.getArrayOfStrings(7);
        return new PrincipalState.Binding(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                r.getInteger(5), r.getString(6), permissions == null ? null : List.of(permissions), r.getString(8),
                r.getString(9), r.getString(10), SnapshotLoader.instant(r, 11), conditions(r.getString(12)));
    }

    private static Object conditions(String text) {
        try {
            return text == null ? null : JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored conditions are JSON", e);
        }
    }
}
