package io.plystra.authz;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.plystra.audit.AuditIds;
import io.plystra.audit.AuditRecord;
import io.plystra.audit.AuditWriter;
import io.plystra.audit.CanonicalJson;
import io.plystra.authz.LookupRequests.MemberEntry;
import io.plystra.authz.LookupRequests.MembersPage;
import io.plystra.authz.LookupRequests.ResourcesPage;
import io.plystra.authz.LookupRequests.UserEntry;
import io.plystra.authz.engine.ActorRef;
import io.plystra.authz.engine.ActorSnapshot;
import io.plystra.authz.engine.Decision;
import io.plystra.authz.engine.DecisionEngine;
import io.plystra.authz.engine.DecisionRequest;
import io.plystra.authz.engine.Attributes;
import io.plystra.authz.engine.DecisionSnapshot;
import io.plystra.authz.engine.DenyCode;
import io.plystra.authz.engine.Grant;
import io.plystra.authz.engine.GroupSnapshot;
import io.plystra.authz.engine.RegistrySnapshot;
import io.plystra.authz.engine.ScopeRules;
import io.plystra.authz.engine.ServiceSnapshot;
import io.plystra.authz.engine.SpaceSnapshot;
import io.plystra.authz.engine.TargetSnapshot;
import io.plystra.authz.engine.TeamEdge;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.Caller;
import io.plystra.kernel.DbTime;
import io.plystra.kernel.PlystraConfig;
import io.plystra.kernel.RequestContext;
import io.smallrye.mutiny.Uni;

/**
 * lookup-resources and lookup-members: complete, keyset-paginated lists that agree with {@code check}.
 * Candidates come from the grants side ({@link LookupQueries}: the actor's scopes, or the grants of the
 * permission in the resource's space), never from a walk over a table; every candidate of a page is then
 * decided by the pure engine exactly as check decides it, and only allows are answered. A page may so
 * hold fewer entries than its size, but {@code next_cursor} goes on until the candidates end: nothing is
 * silently cut. One audit row per page (action {@code lookup}).
 */
@ApplicationScoped
public class LookupService {

    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 1000;
    static final String LOOKUP_ACTION = "lookup";

    private final SnapshotLoader loader;
    private final LookupQueries queries;
    private final AuditWriter audit;
    private final ObjectMapper json;
    private final RequestContext context;
    private final Clock clock;
    private final String writeMode;
    private final Freshness freshness;
    private final DecisionEngine engine = new DecisionEngine();

    public LookupService(SnapshotLoader loader, LookupQueries queries, AuditWriter audit, ObjectMapper json,
                         RequestContext context, Clock clock, PlystraConfig config, Freshness freshness) {
        this.loader = loader;
        this.freshness = freshness;
        this.queries = queries;
        this.audit = audit;
        this.json = json;
        this.context = context;
        this.clock = clock;
        this.writeMode = config.audit().writeMode();
    }

    /** The resources of a type the actor may act on, one page. 403 unless the caller holds authz:check in the actor's space. */
    public Uni<ResourcesPage> resources(LookupRequests.Resources body) {
        if (body == null) {
            throw ApiException.validation("body", "must be a JSON object");
        }
        Map<String, String> problems = new LinkedHashMap<>();
        AuthzService.require(problems, "resource_type", body.resourceType());
        AuthzService.require(problems, "action", body.action());
        ActorRef actor = AuthzService.actorOf(problems, body.actor(), context.caller());
        int size = pageSize(problems, body.pageSize());
        String after = cursor(problems, body.cursor(), "r");
        Freshness.validate(problems, body.consistency());
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        context.requireIn(actor.spaceId());
        String type = body.resourceType();
        String action = body.action();
        DecisionRequest query = new DecisionRequest(actor, type, "*", action, null);
        var meta = context.info();
        return freshness.readThrough(body.consistency(), context.caller(), 1)
                .flatMap(fresh -> loader.loadActor(actor, type, action, fresh)).flatMap(s -> {
            Instant now = DbTime.now(clock);
            String traceId = AuthzService.traceId();
            DecisionRequest asked = new DecisionRequest(actor, type, "*", action,
                    new io.plystra.authz.engine.RequestMeta(meta.requestId(), meta.ip(), meta.userAgent()));
            DecisionSnapshot actorOnly = s.forEngine();
            Decision denied = engine.actorDenial(query, actorOnly, now, traceId);
            if (denied != null) {
                return resourcesPage(asked, body, List.of(), denied.denyCode(), denied.reason(), null, now, traceId);
            }
            List<Grant> live = DecisionEngine.liveGrants(s.grants(), s.teams(), actor.memberId(), type, action, now);
            if (live.isEmpty()) {
                return resourcesPage(asked, body, List.of(), DenyCode.NO_MATCHING_PERMISSION,
                        "member " + actor.memberId() + " has no active grant for " + type + ":" + action, null, now, traceId);
            }
            boolean all = false;
            String owner = null;
            List<String> anchors = new ArrayList<>();
            List<String> treePaths = new ArrayList<>();
            for (Grant g : live) {
                GroupSnapshot anchor = usableAnchor(g, actor.spaceId());
                switch (g.permissionScope() == null ? "" : g.permissionScope()) {
                    case ScopeRules.SPACE -> all = true;
                    case ScopeRules.SELF -> owner = actor.memberId();
                    case ScopeRules.GROUP -> {
                        if (anchor != null) {
                            anchors.add(anchor.id());
                        }
                    }
                    case ScopeRules.GROUP_TREE -> {
                        if (anchor != null && anchor.path() != null && !anchor.path().isBlank()) {
                            treePaths.add(anchor.path());
                        }
                    }
                    default -> {
                        // global never covers in v1.0; an unknown scope never covers.
                    }
                }
            }
            boolean everything = all;
            String ownerId = owner;
            Uni<List<String>> groups = everything ? Uni.createFrom().item(List.of())
                    : queries.coveredGroups(actor.spaceId(), anchors, treePaths);
            return groups.flatMap(covered -> queries.resources(actor.spaceId(), type, after, size + 1, everything, ownerId, covered))
                    .flatMap(candidates -> {
                        boolean more = candidates.size() > size;
                        List<TargetSnapshot> shown = more ? candidates.subList(0, size) : candidates;
                        // Conditions that read stored attributes read each candidate's own (cached per resource).
                        Uni<List<Attributes>> attributes = shown.isEmpty() || !s.readsStoredAttributes()
                                ? Uni.createFrom().item(Collections.nCopies(shown.size(), Attributes.NONE))
                                : Uni.join().all(shown.stream().map(t -> loader.attributes(actorOnly.space(), actor.memberId(), type,
                                        t.resource().id(), false)).toList())
                                        .andFailFast();
                        return attributes.flatMap(loaded -> {
                            List<String> ids = new ArrayList<>();
                            for (int i = 0; i < shown.size(); i++) {
                                TargetSnapshot t = shown.get(i);
                                DecisionRequest one = new DecisionRequest(actor, type, t.resource().id(), action, asked.request());
                                if (engine.decide(one, new DecisionSnapshot(actorOnly.actor(), actorOnly.space(), s.registry(), t,
                                        s.grants(), s.teams(), loaded.get(i)), now, traceId).allows()) {
                                    ids.add(t.resource().id());
                                }
                            }
                            String next = more ? encode("r", shown.get(shown.size() - 1).resource().id()) : null;
                            return resourcesPage(asked, body, ids, null, null, next, now, traceId);
                        });
                    });
        });
    }

    /** The scope anchor a grant may use: present, active and in the actor's space (else the engine denies it anyway). */
    private static GroupSnapshot usableAnchor(Grant g, String spaceId) {
        GroupSnapshot anchor = g.scopeAnchor();
        if (g.scopeAnchorGroupId() == null || anchor == null || !g.scopeAnchorGroupId().equals(anchor.id())
                || !"active".equals(anchor.status()) || !spaceId.equals(anchor.spaceId())) {
            return null;
        }
        return anchor;
    }

    private Uni<ResourcesPage> resourcesPage(DecisionRequest asked, LookupRequests.Resources body, List<String> ids, DenyCode code,
                                             String reason, String next, Instant now, String traceId) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("kind", "lookup_resources");
        query.put("resource_type", body.resourceType());
        query.put("action", body.action());
        query.put("page_size", body.pageSize());
        query.put("cursor", body.cursor());
        return write(asked, asked.actor().spaceId(), "*", code, reason, query, ids.size(), next, now, traceId)
                .map(auditId -> new ResourcesPage(List.copyOf(ids), code == null ? null : code.name(), reason, next, next != null,
                        traceId, auditId));
    }

    /**
     * The members who may act on one resource, one page, each with the bindings through which check
     * allows; a member none of whose bindings may act (all revoked, expired, of a disabled user) is left
     * out. 403 unless the caller holds authz:check in the resource's space.
     */
    public Uni<MembersPage> members(LookupRequests.Members body) {
        if (body == null) {
            throw ApiException.validation("body", "must be a JSON object");
        }
        Map<String, String> problems = new LinkedHashMap<>();
        AuthzService.require(problems, "resource_type", body.resourceType());
        AuthzService.require(problems, "resource_id", body.resourceId());
        AuthzService.require(problems, "action", body.action());
        if (body.spaceId() != null) {
            AuthzService.require(problems, "space_id", body.spaceId());
        }
        int size = pageSize(problems, body.pageSize());
        String after = cursor(problems, body.cursor(), "m");
        Freshness.validate(problems, body.consistency());
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        Caller caller = context.caller();
        String permission = context.permission();
        Uni<String> space;
        if (body.spaceId() != null) {
            context.requireIn(body.spaceId());
            space = Uni.createFrom().item(body.spaceId());
        } else {
            space = queries.spacesHolding(body.resourceType(), body.resourceId()).map(spaces -> {
                List<String> reachable = spaces.stream().filter(sid -> caller.holdsIn(permission, sid)).toList();
                if (reachable.isEmpty()) {
                    throw ApiException.notFound("RESOURCE", body.resourceType() + ":" + body.resourceId());
                }
                if (reachable.size() > 1) {
                    throw ApiException.validation("space_id", "is required: several spaces hold a resource with this type and id");
                }
                return reachable.get(0);
            });
        }
        var info = context.info();
        var meta = new io.plystra.authz.engine.RequestMeta(info.requestId(), info.ip(), info.userAgent());
        String type = body.resourceType();
        String id = body.resourceId();
        String action = body.action();
        return space.flatMap(sid -> freshness.readThrough(body.consistency(), caller, 1).flatMap(fresh -> Uni.combine().all()
                .unis(queries.space(sid), loader.loadRegistry(type, action, fresh), queries.target(sid, type, id)).asTuple()
                .flatMap(t -> {
                    SpaceSnapshot spaceRow = t.getItem1();
                    RegistrySnapshot registry = t.getItem2();
                    TargetSnapshot target = t.getItem3();
                    Instant now = DbTime.now(clock);
                    String traceId = AuthzService.traceId();
                    DecisionRequest asked = new DecisionRequest(null, type, id, action, meta);
                    DenyCode code = engine.targetDenial(asked, registry, target);
                    String reason = code == null ? null : "every decision on " + type + ":" + id + " for " + action + " is " + code;
                    if (code == null && (spaceRow == null || !"active".equals(spaceRow.status()))) {
                        code = DenyCode.SPACE_INACTIVE;
                        reason = "space " + sid + " is not active";
                    }
                    if (code == null && spaceRow.organizations().stream().anyMatch(o -> !"active".equals(o.status()))) {
                        code = DenyCode.ORGANIZATION_INACTIVE;
                        reason = "an organization of space " + sid + " is not active";
                    }
                    if (code != null) {
                        return membersPage(asked, sid, body, List.of(), code, reason, null, now, traceId);
                    }
                    var resource = target.resource();
                    GroupSnapshot group = target.group();
                    boolean groupUsable = group != null && resource.groupId() != null && resource.groupId().equals(group.id())
                            && "active".equals(group.status());
                    return queries.candidateMembers(spaceRow, type, action, now, resource.ownerMemberId(),
                                    groupUsable ? group.id() : null, groupUsable ? group.path() : null, after, size + 1)
                            .flatMap(candidates -> {
                                boolean more = candidates.size() > size;
                                List<String> shown = more ? candidates.subList(0, size) : candidates;
                                String next = more ? encode("m", shown.get(shown.size() - 1)) : null;
                                if (shown.isEmpty()) {
                                    return membersPage(asked, sid, body, List.of(), null, null, next, now, traceId);
                                }
                                return Uni.combine().all().unis(queries.members(shown), states(spaceRow, shown, type, id, action)).asTuple()
                                        .flatMap(rows -> {
                                            List<MemberEntry> entries = new ArrayList<>();
                                            for (LookupQueries.MemberRows m : rows.getItem1()) {
                                                MemberState state = rows.getItem2().get(m.member().id());
                                                List<Grant> grants = state.held().grants();
                                                List<TeamEdge> teams = state.held().teams();
                                                List<UserEntry> users = new ArrayList<>();
                                                for (LookupQueries.Binding b : m.bindings()) {
                                                    ActorRef actor = new ActorRef(b.userMember().userId(), m.member().id(), b.userMember().id(), sid);
                                                    DecisionRequest one = new DecisionRequest(actor, type, id, action, meta);
                                                    if (engine.decide(one, new DecisionSnapshot(new ActorSnapshot(b.user(), m.member(), b.userMember(),
                                                            null), spaceRow, registry, target, grants, teams, state.attributes()), now, traceId).allows()) {
                                                        users.add(new UserEntry(actor.userId(), actor.userMemberId()));
                                                    }
                                                }
                                                ServiceSnapshot service = m.service();
                                                boolean serviceMay = false;
                                                if (service != null) {
                                                    // A service's member acts as the service: decided in the service form, as check decides it.
                                                    ActorRef actor = ActorRef.ofService(service.id(), m.member().id(), sid);
                                                    serviceMay = engine.decide(new DecisionRequest(actor, type, id, action, meta),
                                                            new DecisionSnapshot(new ActorSnapshot(null, m.member(), null, service), spaceRow,
                                                                    registry, target, grants, teams, state.attributes()), now, traceId).allows();
                                                }
                                                if (serviceMay || !users.isEmpty()) {
                                                    entries.add(new MemberEntry(m.member().id(), m.member().displayName(),
                                                            serviceMay ? MemberEntry.SERVICE : MemberEntry.USER,
                                                            serviceMay ? service.id() : null, List.copyOf(users)));
                                                }
                                            }
                                            return membersPage(asked, sid, body, entries, null, null, next, now, traceId);
                                        });
                            });
                })));
    }

    /** What a member holds for the type and action, and the stored attributes its conditions read (none when they read none). */
    record MemberState(SnapshotLoader.Held held, Attributes attributes) {
    }

    private Uni<Map<String, MemberState>> states(SpaceSnapshot space, List<String> members, String type, String id, String action) {
        return Uni.join().all(members.stream().map(m -> loader.held(m, type, action).flatMap(h -> !h.readsStoredAttributes()
                        ? Uni.createFrom().item(new MemberState(h, Attributes.NONE))
                        : loader.attributes(space, m, type, id, false).map(a -> new MemberState(h, a)))).toList())
                .andFailFast()
                .map(loaded -> {
                    Map<String, MemberState> out = new java.util.HashMap<>();
                    for (int i = 0; i < members.size(); i++) {
                        out.put(members.get(i), loaded.get(i));
                    }
                    return out;
                });
    }

    private Uni<MembersPage> membersPage(DecisionRequest asked, String spaceId, LookupRequests.Members body, List<MemberEntry> members,
                                         DenyCode code, String reason, String next, Instant now, String traceId) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("kind", "lookup_members");
        query.put("resource_type", body.resourceType());
        query.put("resource_id", body.resourceId());
        query.put("action", body.action());
        query.put("page_size", body.pageSize());
        query.put("cursor", body.cursor());
        return write(asked, spaceId, body.resourceId(), code, reason, query, members.size(), next, now, traceId)
                .map(auditId -> new MembersPage(spaceId, List.copyOf(members), code == null ? null : code.name(), reason, next,
                        next != null, traceId, auditId));
    }

    /**
     * The page's audit row: action {@code lookup}, the query and the count in the trace; decision
     * {@code deny} (with the code) when the lookup could only answer nothing, else {@code allow}.
     * Answers the row's id, null when {@code AUDIT_WRITE_MODE} skips it.
     */
    private Uni<String> write(DecisionRequest asked, String spaceId, String resourceId, DenyCode code, String reason,
                              Map<String, Object> query, int count, String next, Instant now, String traceId) {
        boolean allows = code == null;
        if (!AuthzService.audited(writeMode, allows)) {
            return Uni.createFrom().item((String) null);
        }
        String auditId = AuditIds.next(now);
        Map<String, Object> trace = new LinkedHashMap<>();
        trace.put("trace_version", Decision.TRACE_VERSION);
        trace.put("trace_id", traceId);
        trace.put("decision", allows ? Decision.ALLOW : Decision.DENY);
        trace.put("deny_code", code);
        trace.put("reason", reason);
        if (asked.actor() != null && asked.actor().actsAsService()) {
            trace.put("actor_service_id", asked.actor().serviceId());
        }
        trace.put("lookup", query);
        trace.put("count", count);
        trace.put("next_cursor", next);
        trace.put("request", asked.request());
        trace.put("evaluated_at", now);
        trace.put("audit_log_id", auditId);
        ActorRef a = asked.actor();
        var meta = asked.request();
        AuditRecord row = new AuditRecord(auditId, now, spaceId, a == null ? null : a.userId(), a == null ? null : a.memberId(),
                a == null ? null : a.userMemberId(), LOOKUP_ACTION, asked.resourceType(), resourceId,
                allows ? Decision.ALLOW : Decision.DENY, code == null ? null : code.name(), meta.requestId(), meta.ip(),
                meta.userAgent(), CanonicalJson.of(json, trace), List.of());
        return audit.append(row).replaceWith(auditId);
    }

    private static int pageSize(Map<String, String> problems, Integer size) {
        if (size == null) {
            return DEFAULT_PAGE_SIZE;
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            problems.put("page_size", "must be a whole number from 1 to " + MAX_PAGE_SIZE);
        }
        return size;
    }

    /** The id after which the page starts ("" on the first page); a cursor not issued by this lookup is a problem. */
    private static String cursor(Map<String, String> problems, String cursor, String kind) {
        if (cursor == null) {
            return "";
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (raw.startsWith(kind + ":") && raw.length() > kind.length() + 1
                    && raw.chars().noneMatch(Character::isISOControl)) {
                return raw.substring(kind.length() + 1);
            }
        } catch (IllegalArgumentException e) {
            // Not base64url: refused below.
        }
        problems.put("cursor", "is not a cursor this lookup issued");
        return "";
    }

    private static String encode(String kind, String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((kind + ":" + id).getBytes(StandardCharsets.UTF_8));
    }
}
