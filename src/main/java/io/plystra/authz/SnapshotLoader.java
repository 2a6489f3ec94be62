package io.plystra.authz;

import io.plystra.kernel.ChangeListener;
import io.plystra.kernel.JsonValues;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.plystra.authz.SnapshotCache.GrantsKey;
import io.plystra.authz.SnapshotCache.RegistryKey;
import io.plystra.authz.SnapshotCache.TargetKey;
import io.plystra.attribute.AttributeSnapshots;
import io.plystra.authz.engine.ActionSnapshot;
import io.plystra.authz.engine.Attribute;
import io.plystra.authz.engine.Attributes;
import io.plystra.authz.engine.ActorRef;
import io.plystra.authz.engine.Condition;
import io.plystra.authz.engine.ConditionParser;
import io.plystra.authz.engine.Conditions;
import io.plystra.authz.engine.DecisionRequest;
import io.plystra.authz.engine.Grant;
import io.plystra.authz.engine.GroupSnapshot;
import io.plystra.authz.engine.MemberSnapshot;
import io.plystra.authz.engine.OrganizationSnapshot;
import io.plystra.authz.engine.RegistrySnapshot;
import io.plystra.authz.engine.ResourceSnapshot;
import io.plystra.authz.engine.ResourceTypeSnapshot;
import io.plystra.authz.engine.ServiceSnapshot;
import io.plystra.authz.engine.SpaceSnapshot;
import io.plystra.authz.engine.TargetSnapshot;
import io.plystra.authz.engine.TeamEdge;
import io.plystra.authz.engine.TeamRef;
import io.plystra.authz.engine.UserMemberSnapshot;
import io.plystra.authz.engine.UserSnapshot;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Loads exactly what one decision needs: the actor tuple (or the service form of the actor), the target, the registry entry and the
 * member's grants for this resource type and action. Each part comes from {@link SnapshotCache}
 * when present (a full hit does no I/O), otherwise from one prepared statement; the statements of the
 * missing parts run on one connection of the reactive pool, which pipelines them: a miss costs one round
 * trip to PostgreSQL, however many parts it lacks. No ORM session on this path; the cost is O(grants of
 * the actor), independent of how many users, groups or resources exist.
 */
@ApplicationScoped
public class SnapshotLoader {

    /**
     * The organization chain of the space aliased {@code s}, as three arrays {@code oc.ids, oc.names, oc.statuses}: its
     * organization first, then each ancestor (at most 16, as the tree has; null for a space of no organization).
     */
    static final String ORGANIZATION_CHAIN = """
            LEFT JOIN LATERAL (
                WITH RECURSIVE chain(id, name, status, parent_id, depth) AS (
                    SELECT o.id, o.name, o.status, o.parent_id, 1 FROM organizations o WHERE o.id = s.organization_id
                    UNION ALL
                    SELECT p.id, p.name, p.status, p.parent_id, c.depth + 1
                    FROM organizations p JOIN chain c ON p.id = c.parent_id WHERE c.depth < 16)
                SELECT array_agg(id ORDER BY depth) AS ids, array_agg(name ORDER BY depth) AS names,
                       array_agg(status ORDER BY depth) AS statuses FROM chain) oc ON true""";

    static final String ACTOR_SQL = """
            SELECT u.id, u.email, u.status,
                   m.id, m.space_id, m.display_name, m.status,
                   um.id, um.user_id, um.member_id, um.space_id, um.relation_type, um.status, um.is_primary, um.expires_at,
                   s.id, s.name, s.status, m.member_type, oc.ids, oc.names, oc.statuses
            FROM (SELECT 1) AS one
            LEFT JOIN users u ON u.id = $1
            LEFT JOIN members m ON m.id = $2
            LEFT JOIN user_members um ON um.id = $3
            LEFT JOIN spaces s ON s.id = $4
            """ + ORGANIZATION_CHAIN;

    /** The service form of the actor: the service, the member it names, the space. */
    static final String SERVICE_ACTOR_SQL = """
            SELECT sv.id, sv.space_id, sv.member_id, sv.name, sv.status,
                   m.id, m.space_id, m.display_name, m.status, m.member_type,
                   s.id, s.name, s.status, oc.ids, oc.names, oc.statuses
            FROM (SELECT 1) AS one
            LEFT JOIN services sv ON sv.id = $1
            LEFT JOIN members m ON m.id = $2
            LEFT JOIN spaces s ON s.id = $3
            """ + ORGANIZATION_CHAIN;

    static final String REGISTRY_SQL = """
            SELECT rt.id, rt.key, rt.display_name, rt.status,
                   ra.id, ra.key, ra.risk_level, ra.audit_default, ra.status, rt.storage_kind
            FROM (SELECT 1) AS one
            LEFT JOIN resource_types rt ON rt.key = $1
            LEFT JOIN resource_actions ra ON ra.resource_type_id = rt.id AND ra.key = $2""";

    static final String TARGET_SQL = """
            SELECT r.id, r.resource_type, r.space_id, r.group_id, r.owner_member_id, r.display_name, r.status,
                   g.id, g.space_id, g.path, g.status
            FROM (SELECT 1) AS one
            LEFT JOIN LATERAL (SELECT * FROM resources WHERE resource_type = $1 AND id = $2
                               ORDER BY space_id = $3 DESC LIMIT 1) r ON true
            LEFT JOIN groups g ON g.id = r.group_id""";

    /**
     * Bindings with each permission they grant: through their role (role x role_permission x permission) or directly,
     * with the anchor group. Add the binding rows as {@code mr} ({@link #grantsFrom}) and the WHERE.
     */
    private static final String GRANTS_COLUMNS = """
            SELECT ro.id, ro.key, ro.space_id, ro.status,
                   mr.id, mr.member_id, mr.space_id, mr.status, mr.expires_at,
                   rp.id, rp.status,
                   p.id, p.resource, p.action, p.scope, p.status,
                   mr.scope_anchor_group_id, ag.id, ag.space_id, ag.path, ag.status,
                   mr.subject_kind, mr.team_id, mr.conditions, ro.version, ro.level, ro.organization_id
            """;

    /** The grants of the bindings {@code bindings} (a table or a subquery, aliased mr). */
    static String grantsFrom(String bindings) {
        return GRANTS_COLUMNS + "FROM " + bindings + """
                 mr
                LEFT JOIN roles ro ON ro.id = mr.role_id
                LEFT JOIN role_permissions rp ON rp.role_id = mr.role_id
                JOIN permissions p ON p.id = COALESCE(rp.permission_id, mr.permission_id)
                LEFT JOIN groups ag ON ag.id = mr.scope_anchor_group_id
                """;
    }

    /** Every team a member may reach through memberships and inheritance, whatever their windows ($1 the member). */
    static final String REACH_CTE = """
            WITH RECURSIVE reach(team_id) AS (
                SELECT team_id FROM team_members WHERE member_id = $1
                UNION
                SELECT tp.parent_team_id FROM team_parents tp JOIN reach r ON tp.team_id = r.team_id)
            """;

    /** A member's grants for one type and action: its own bindings and those of every team it may reach. */
    static final String GRANTS_SQL = REACH_CTE + grantsFrom("""
            (SELECT * FROM member_roles WHERE member_id = $1
             UNION ALL
             SELECT b.* FROM member_roles b JOIN reach r ON b.team_id = r.team_id)""")
            + "WHERE p.resource = $2 AND p.action = $3";

    /** The links a member may follow into teams: its memberships, then the inheritance of every team it may reach. */
    static final String TEAMS_SQL = REACH_CTE + """
            SELECT tm.member_id, NULL, t.id, t.key, t.space_id, t.status, tm.starts_at, tm.ends_at
            FROM team_members tm JOIN teams t ON t.id = tm.team_id
            WHERE tm.member_id = $1
            UNION ALL
            SELECT NULL, tp.team_id, t.id, t.key, t.space_id, t.status, tp.starts_at, tp.ends_at
            FROM team_parents tp JOIN reach r ON tp.team_id = r.team_id JOIN teams t ON t.id = tp.parent_team_id""";

    @Inject
    Pool pool;
    @Inject
    SnapshotCache cache;
    @Inject
    ChangeListener listener;
    @Inject
    AttributeSnapshots attributes;

    /**
     * @param fresh read every part from the database (the caller asked for at-least-as-fresh data);
     *              so does every load while change notifications are not being received
     */
    public Uni<Snapshot> load(DecisionRequest request, boolean fresh) {
        long generation = cache.generation();
        fresh = fresh || !listener.listening();
        ActorRef actorKey = request.actor();
        RegistryKey registryKey = new RegistryKey(request.resourceType(), request.action());
        TargetKey targetKey = new TargetKey(actorKey.spaceId(), request.resourceType(), request.resourceId());
        GrantsKey grantsKey = new GrantsKey(actorKey.memberId(), request.resourceType(), request.action());

        Snapshot.Actor actor = fresh ? null : cache.actor(actorKey);
        RegistrySnapshot registry = fresh ? null : cache.registry(registryKey);
        TargetSnapshot target = fresh ? null : cache.target(targetKey);
        List<Grant> grants = fresh ? null : cache.grants(grantsKey);
        List<TeamEdge> teams = fresh ? null : cache.teams(actorKey.memberId());
        if (actor != null && registry != null && target != null && grants != null && teams != null) {
            return withAttributes(new Snapshot(actor, registry, target, grants, teams), request, fresh);
        }
        boolean readFresh = fresh;
        return pool.withConnection(db -> Uni.combine().all().unis(actorUni(db, actorKey, actor, generation),
                        registryUni(db, registryKey, registry, generation),
                        target != null ? Uni.createFrom().item(target)
                                : db.preparedQuery(TARGET_SQL).execute(Tuple.of(targetKey.type(), targetKey.resourceId(), targetKey.spaceId()))
                                        .map(rows -> target(rows.iterator().next()))
                                        .invoke(v -> cache.putTarget(targetKey, v, generation)),
                        grantsUni(db, grantsKey, grants, generation),
                        teamsUni(db, actorKey.memberId(), teams, generation)).asTuple())
                .flatMap(t -> withAttributes(new Snapshot(t.getItem1(), t.getItem2(), t.getItem3(), t.getItem4(), t.getItem5()),
                        request, readFresh));
    }

    /**
     * The snapshot with the stored attributes its grants' conditions read: the actor member's, the target's and the
     * space's ({@link AttributeSnapshots}, cached). Unconditional grants read none, and load none.
     */
    private Uni<Snapshot> withAttributes(Snapshot s, DecisionRequest request, boolean fresh) {
        if (!s.readsStoredAttributes()) {
            return Uni.createFrom().item(s);
        }
        ActorRef actor = request.actor();
        SpaceSnapshot space = s.actor().space() != null ? s.actor().space() : new SpaceSnapshot(actor.spaceId(), null, null);
        return attributes(space, actor.memberId(), request.resourceType(), request.resourceId(), fresh).map(s::with);
    }

    /**
     * The stored attributes of a member, of one resource, of the space and of the space's own organization (the first
     * of its chain; none for a space of no organization).
     */
    public Uni<Attributes> attributes(SpaceSnapshot space, String memberId, String type, String resourceId, boolean fresh) {
        boolean read = fresh || !listener.listening();
        Uni<Map<String, Attribute>> organization = space.organizations().isEmpty() ? Uni.createFrom().item(Map.of())
                : attributes.subject("organization", null, space.organizations().get(0).id(), read);
        return Uni.combine().all().unis(attributes.load(space.id(), memberId, type, resourceId, read), organization).asTuple()
                .map(t -> new Attributes(t.getItem1().principal(), t.getItem1().resource(), t.getItem1().space(), t.getItem2()));
    }

    /** A member's grants for a type and action (its own bindings and its teams'), and its links into teams. */
    public record Held(List<Grant> grants, List<TeamEdge> teams) {

        public boolean readsStoredAttributes() {
            return grants.stream().anyMatch(g -> g.conditions().readsStoredAttributes());
        }
    }

    /** What one member holds for a type and action, cached as for a decision (lookup-members, member by member). */
    public Uni<Held> held(String memberId, String type, String action) {
        long generation = cache.generation();
        boolean fresh = !listener.listening();
        GrantsKey grantsKey = new GrantsKey(memberId, type, action);
        List<Grant> grants = fresh ? null : cache.grants(grantsKey);
        List<TeamEdge> teams = fresh ? null : cache.teams(memberId);
        if (grants != null && teams != null) {
            return Uni.createFrom().item(new Held(grants, teams));
        }
        return pool.withConnection(db -> Uni.combine().all().unis(grantsUni(db, grantsKey, grants, generation),
                        teamsUni(db, memberId, teams, generation)).asTuple())
                .map(t -> new Held(t.getItem1(), t.getItem2()));
    }

    /** The cached actor tuple (human or service form), or one statement on {@code db} that reads (and caches) it. */
    private Uni<Snapshot.Actor> actorUni(SqlClient db, ActorRef key, Snapshot.Actor cached, long generation) {
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        Uni<Snapshot.Actor> loaded = key.actsAsService()
                ? db.preparedQuery(SERVICE_ACTOR_SQL).execute(Tuple.of(key.serviceId(), key.memberId(), key.spaceId()))
                        .map(rows -> serviceActor(rows.iterator().next()))
                : db.preparedQuery(ACTOR_SQL).execute(Tuple.of(key.userId(), key.memberId(), key.userMemberId(), key.spaceId()))
                        .map(rows -> actor(rows.iterator().next()));
        return loaded.invoke(v -> cache.putActor(key, v, generation));
    }

    private Uni<RegistrySnapshot> registryUni(SqlClient db, RegistryKey key, RegistrySnapshot cached, long generation) {
        return cached != null ? Uni.createFrom().item(cached)
                : db.preparedQuery(REGISTRY_SQL).execute(Tuple.of(key.type(), key.action()))
                        .map(rows -> registry(rows.iterator().next()))
                        .invoke(v -> cache.putRegistry(key, v, generation));
    }

    private Uni<List<Grant>> grantsUni(SqlClient db, GrantsKey key, List<Grant> cached, long generation) {
        return cached != null ? Uni.createFrom().item(cached)
                : db.preparedQuery(GRANTS_SQL).execute(Tuple.of(key.memberId(), key.type(), key.action()))
                        .map(rows -> {
                            List<Grant> loaded = new ArrayList<>();
                            rows.forEach(g -> loaded.add(grant(g)));
                            return List.copyOf(loaded);
                        })
                        .invoke(v -> cache.putGrants(key, v, generation));
    }

    /** The links into teams a member may follow, cached per member (empty for a member in no team). */
    private Uni<List<TeamEdge>> teamsUni(SqlClient db, String memberId, List<TeamEdge> cached, long generation) {
        return cached != null ? Uni.createFrom().item(cached)
                : db.preparedQuery(TEAMS_SQL).execute(Tuple.of(memberId))
                        .map(rows -> {
                            List<TeamEdge> loaded = new ArrayList<>();
                            rows.forEach(e -> loaded.add(edge(e)));
                            return List.copyOf(loaded);
                        })
                        .invoke(v -> cache.putTeams(memberId, v, generation));
    }

    /**
     * What a lookup of this actor's resources reads once for all of them: the actor tuple, the registry
     * entry and the member's grants for the type and action (the target is null), cached as for a decision.
     */
    public Uni<Snapshot> loadActor(ActorRef actorKey, String type, String action, boolean fresh) {
        long generation = cache.generation();
        fresh = fresh || !listener.listening();
        RegistryKey registryKey = new RegistryKey(type, action);
        GrantsKey grantsKey = new GrantsKey(actorKey.memberId(), type, action);
        Snapshot.Actor actor = fresh ? null : cache.actor(actorKey);
        RegistrySnapshot registry = fresh ? null : cache.registry(registryKey);
        List<Grant> grants = fresh ? null : cache.grants(grantsKey);
        List<TeamEdge> teams = fresh ? null : cache.teams(actorKey.memberId());
        if (actor != null && registry != null && grants != null && teams != null) {
            return Uni.createFrom().item(new Snapshot(actor, registry, null, grants, teams));
        }
        return pool.withConnection(db -> Uni.combine().all().unis(actorUni(db, actorKey, actor, generation),
                        registryUni(db, registryKey, registry, generation), grantsUni(db, grantsKey, grants, generation),
                        teamsUni(db, actorKey.memberId(), teams, generation)).asTuple())
                .map(t -> new Snapshot(t.getItem1(), t.getItem2(), null, t.getItem3(), t.getItem4()));
    }

    /** The registry entry of a type and action, cached as for a decision. */
    public Uni<RegistrySnapshot> loadRegistry(String type, String action, boolean fresh) {
        long generation = cache.generation();
        RegistryKey registryKey = new RegistryKey(type, action);
        return registryUni(pool, registryKey, fresh || !listener.listening() ? null : cache.registry(registryKey), generation);
    }

    private static Snapshot.Actor actor(Row a) {
        return new Snapshot.Actor(
                a.getString(0) == null ? null : new UserSnapshot(a.getString(0), a.getString(1), a.getString(2)),
                a.getString(3) == null ? null
                        : new MemberSnapshot(a.getString(3), a.getString(4), a.getString(5), a.getString(6), a.getString(18)),
                a.getString(7) == null ? null : new UserMemberSnapshot(a.getString(7), a.getString(8), a.getString(9),
                        a.getString(10), a.getString(11), a.getString(12), a.getBoolean(13), instant(a, 14)),
                space(a, 15, 19), null);
    }

    private static Snapshot.Actor serviceActor(Row a) {
        return new Snapshot.Actor(null,
                a.getString(5) == null ? null
                        : new MemberSnapshot(a.getString(5), a.getString(6), a.getString(7), a.getString(8), a.getString(9)),
                null,
                space(a, 10, 13),
                a.getString(0) == null ? null
                        : new ServiceSnapshot(a.getString(0), a.getString(1), a.getString(2), a.getString(3), a.getString(4)));
    }

    /**
     * The space in columns {@code at} (id), {@code at + 1} (name), {@code at + 2} (status), and after its other columns
     * the three arrays of {@link #ORGANIZATION_CHAIN} ({@code chainAt}: the ids); null when the space does not exist.
     */
    static SpaceSnapshot space(Row row, int at, int chainAt) {
        if (row.getString(at) == null) {
            return null;
        }
        String[] ids = row.getArrayOfStrings(chainAt);
        List<OrganizationSnapshot> chain = new ArrayList<>();
        if (ids != null) {
            String[] names = row.getArrayOfStrings(chainAt + 1);
            String[] statuses = row.getArrayOfStrings(chainAt + 2);
            for (int i = 0; i < ids.length; i++) {
                chain.add(new OrganizationSnapshot(ids[i], names[i], statuses[i]));
            }
        }
        return new SpaceSnapshot(row.getString(at), row.getString(at + 1), row.getString(at + 2), chain);
    }

    private static RegistrySnapshot registry(Row t) {
        ResourceTypeSnapshot type = t.getString(0) == null ? null
                : new ResourceTypeSnapshot(t.getString(0), t.getString(1), t.getString(2), t.getString(3), t.getString(9));
        ActionSnapshot action = t.getString(4) == null ? null
                : new ActionSnapshot(t.getString(4), t.getString(5), t.getString(6), t.getBoolean(7), t.getString(8));
        return new RegistrySnapshot(type, action);
    }

    static TargetSnapshot target(Row t) {
        GroupSnapshot group = t.getString(7) == null ? null
                : new GroupSnapshot(t.getString(7), t.getString(8), t.getString(9), t.getString(10));
        ResourceSnapshot resource = t.getString(0) == null ? null
                : new ResourceSnapshot(t.getString(0), t.getString(1), t.getString(2), t.getString(3),
                        group == null ? null : group.path(), t.getString(4), t.getString(5), t.getString(6));
        return new TargetSnapshot(resource, group);
    }

    /** A row of {@link #TEAMS_SQL}'s shape: member or child team, the team (id, key, space, status), the window. */
    static TeamEdge edge(Row e) {
        return new TeamEdge(e.getString(0), e.getString(1), new TeamRef(e.getString(2), e.getString(3), e.getString(4), e.getString(5)),
                instant(e, 6), instant(e, 7));
    }

    static Grant grant(Row g) {
        GroupSnapshot anchor = g.getString(17) == null ? null
                : new GroupSnapshot(g.getString(17), g.getString(18), g.getString(19), g.getString(20));
        return new Grant(g.getString(0), g.getString(1), g.getString(2), g.getString(3),
                g.getString(4), g.getString(5), g.getString(6), g.getString(7), instant(g, 8),
                g.getString(9), g.getString(10),
                g.getString(11), g.getString(12), g.getString(13), g.getString(14), g.getString(15),
                g.getString(16), anchor, g.getInteger(24) == null ? 1 : g.getInteger(24),
                g.getString(25), g.getString(26), g.getString(21), g.getString(22),
                conditions(g.getValue(23)));
    }

    /**
     * A stored binding's conditions. They were validated on write; a row that does not parse (written around the API)
     * gets a condition no request can meet, so the binding denies CONDITION_NOT_MET instead of allowing.
     */
    static Conditions conditions(Object stored) {
        try {
            return ConditionParser.parse(JsonValues.plain(stored));
        } catch (ConditionParser.InvalidCondition e) {
            return new Conditions(null, null, List.of(new Condition("context.stored_conditions_are_invalid", "exists", null)),
                    null);
        }
    }

    static Instant instant(Row row, int column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
