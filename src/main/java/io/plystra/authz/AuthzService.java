package io.plystra.authz;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.plystra.audit.AuditIds;
import io.plystra.audit.AuditRecord;
import io.plystra.audit.AuditSnapshots;
import io.plystra.audit.AuditWriter;
import io.plystra.audit.CanonicalJson;
import io.plystra.authz.engine.ActorRef;
import io.plystra.authz.engine.Decision;
import io.plystra.authz.engine.DecisionEngine;
import io.plystra.authz.engine.DecisionRequest;
import io.plystra.authz.engine.DecisionSnapshot;
import io.plystra.authz.engine.DenyCode;
import io.plystra.authz.engine.RequestMeta;
import io.plystra.kernel.DbTime;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.Caller;
import io.plystra.kernel.PlystraConfig;
import io.plystra.kernel.RequestContext;
import io.plystra.kernel.RequestInfo;
import io.smallrye.mutiny.Uni;

/**
 * One decision: validate the request, check the caller may ask about the actor's space, load the
 * snapshot, run the pure engine, write the audit row, then answer. The hot path: prepared statements
 * on the reactive pool through {@link SnapshotLoader}, no ORM session.
 */
@ApplicationScoped
public class AuthzService {

    static final int MAX_ID_LENGTH = 256;

    private final SnapshotLoader loader;
    private final AuditWriter audit;
    private final ObjectMapper json;
    private final String writeMode;
    private final DecisionEngine engine = new DecisionEngine();

    private final DecisionMetrics metrics;

    private final AuditSnapshots snapshots;

    private final RequestContext context;
    /** The clock of {@link RequestContext#now()}, read directly once the snapshot is loaded. */
    private final Clock clock;

    private final Tracing tracing;

    public AuthzService(SnapshotLoader loader, AuditWriter audit, AuditSnapshots snapshots, ObjectMapper json,
                        PlystraConfig config, DecisionMetrics metrics, RequestContext context, Clock clock, Tracing tracing) {
        this.loader = loader;
        this.tracing = tracing;
        this.context = context;
        this.clock = clock;
        this.snapshots = snapshots;
        this.metrics = metrics;
        this.audit = audit;
        this.json = json;
        this.writeMode = config.audit().writeMode();
    }

    /**
     * The decision for {@code body}: 400 for a bad body, 403 unless the caller holds the route's
     * {@code authz:check} in the actor's space. A body naming a revision to be at least as fresh as is
     * never answered from cached snapshots.
     */
    public Uni<Decision> decide(AuthzRequest body) {
        ActorRef actor = actorOf(body, context.caller());
        context.requireIn(actor.spaceId());
        DecisionRequest request = new DecisionRequest(actor, body.resourceType(), body.resourceId(), body.action(), meta());
        long started = System.nanoTime();
        return decideAndAudit(request, body.consistency() != null).invoke(d -> metrics.record(d, started));
    }

    /**
     * The decision a gateway asks for: the end user's actor on the resource and action its route
     * names, audited like a check. The gateway's key holds {@code authz:check} in the route's space,
     * which the caller has made sure is the actor's.
     */
    public Uni<Decision> decideFor(ActorRef actor, String resourceType, String resourceId, String action) {
        long started = System.nanoTime();
        return decideAndAudit(new DecisionRequest(actor, resourceType, resourceId, action, meta()), false)
                .invoke(d -> metrics.record(d, started));
    }

    /**
     * A gateway request denied before the engine ({@code ROUTE_NOT_MAPPED}, an actor of another
     * space): the same answer and audit row as any deny, with no snapshot.
     */
    public Uni<Decision> denyBeforeEngine(ActorRef actor, String resourceType, String resourceId, String action,
                                          DenyCode code, String reason) {
        long started = System.nanoTime();
        DecisionRequest request = new DecisionRequest(actor, resourceType, resourceId, action, meta());
        Instant now = DbTime.now(clock);
        Decision decision = new Decision(Decision.TRACE_VERSION, traceId(), Decision.DENY, code, reason, null, null, null, null,
                List.of(), request.request(), now, null);
        Uni<Decision> answer = !audited(decision) ? Uni.createFrom().item(decision) : Uni.createFrom().item(decision.withAuditLogId(AuditIds.next(now)))
                .flatMap(recorded -> audit.append(record(request, null, recorded)).replaceWith(recorded));
        return answer.invoke(d -> metrics.record(d, started));
    }

    private RequestMeta meta() {
        RequestInfo info = context.info();
        return new RequestMeta(info.requestId(), info.ip(), info.userAgent());
    }

    private static String traceId() {
        return String.format("trc_%016x", ThreadLocalRandom.current().nextLong());
    }

    /** Validates the body; a session caller without {@code actor} acts as its own active actor. */
    static ActorRef actorOf(AuthzRequest body, Caller caller) {
        if (body == null) {
            throw ApiException.validation("body", "must be a JSON object");
        }
        Map<String, String> problems = new LinkedHashMap<>();
        require(problems, "resource_type", body.resourceType());
        require(problems, "resource_id", body.resourceId());
        require(problems, "action", body.action());
        if (body.consistency() != null) {
            String token = body.consistency().atLeastAsFresh();
            if (token == null || token.isBlank() || token.length() > 64) {
                problems.put("consistency.at_least_as_fresh", "must be a revision token");
            }
        }
        ActorRef actor = null;
        if (body.actor() == null) {
            if (caller.actor() == null) {
                problems.put("actor", "is required (the caller has no active actor)");
            } else {
                Caller.Actor own = caller.actor();
                actor = new ActorRef(own.userId(), own.memberId(), own.userMemberId(), own.spaceId());
            }
        } else {
            AuthzRequest.Actor a = body.actor();
            require(problems, "actor.user_id", a.userId());
            require(problems, "actor.member_id", a.memberId());
            require(problems, "actor.user_member_id", a.userMemberId());
            require(problems, "actor.space_id", a.spaceId());
            actor = new ActorRef(a.userId(), a.memberId(), a.userMemberId(), a.spaceId());
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        return actor;
    }

    private static void require(Map<String, String> problems, String field, String value) {
        if (value == null || value.isBlank()) {
            problems.put(field, "is required");
        } else if (value.length() > MAX_ID_LENGTH) {
            problems.put(field, "must be at most " + MAX_ID_LENGTH + " characters");
        } else if (value.chars().anyMatch(Character::isISOControl)) {
            problems.put(field, "must not contain control characters");
        }
    }

    private Uni<Decision> decideAndAudit(DecisionRequest request, boolean fresh) {
        Tracing.Step load = tracing.start("plystra.snapshot.load");
        return loader.load(request, fresh).onTermination().invoke(load::end).flatMap(s -> {
            Instant now = DbTime.now(clock);
            Tracing.Step decide = tracing.start("plystra.engine.decide");
            Decision decision = engine.decide(request, new DecisionSnapshot(s.actor().user(),
                    s.actor().member(), s.actor().userMember(), s.actor().space(), s.registry(), s.target(), s.grants()), now, traceId());
            decide.end(decision);
            if (!audited(decision)) {
                return Uni.createFrom().item(decision);
            }
            Decision recorded = decision.withAuditLogId(AuditIds.next(now));
            Tracing.Step write = tracing.start("plystra.audit.write");
            return audit.append(record(request, s, recorded)).onTermination().invoke(write::end).replaceWith(recorded);
        });
    }

    private boolean audited(Decision decision) {
        return switch (writeMode) {
            case "deny_only" -> !decision.allows();
            case "disabled_for_dev" -> false;
            default -> true;
        };
    }

    /**
     * The audit row: the decision's own facts inline, the snapshot parts (actor, space, target,
     * registry entry, candidates) by reference to their content-addressed bodies ({@code s} null:
     * a decision made without a snapshot).
     */
    private AuditRecord record(DecisionRequest request, Snapshot s, Decision d) {
        AuditSnapshots.Part actor = snapshots.shared(s == null ? null : s.actor(), d.actor());
        AuditSnapshots.Part space = snapshots.shared(s == null ? null : s.actor().space(), d.space());
        // A target of another space is traced by id only, differently per actor space: never shared by identity.
        AuditSnapshots.Part target = s != null && Objects.equals(s.target(), d.target()) ? snapshots.shared(s.target(), d.target())
                : snapshots.part(d.target());
        AuditSnapshots.Part registry = snapshots.shared(s == null ? null : s.registry(), d.resourceRegistry());
        AuditSnapshots.Part candidates = snapshots.part(d.matchedCandidates());
        Map<String, Object> trace = new LinkedHashMap<>();
        trace.put("trace_version", d.traceVersion());
        trace.put("trace_id", d.traceId());
        trace.put("decision", d.decision());
        trace.put("deny_code", d.denyCode());
        trace.put("reason", d.reason());
        trace.put("actor", actor.reference());
        trace.put("space", space.reference());
        trace.put("target", target.reference());
        trace.put("resource_registry", registry.reference());
        trace.put("matched_candidates", candidates.reference());
        trace.put("request", d.request());
        trace.put("evaluated_at", d.evaluatedAt());
        trace.put("audit_log_id", d.auditLogId());
        Map<String, String> otel = tracing.ids();
        if (otel != null) {
            trace.put("otel", otel);
        }
        String traceJson = CanonicalJson.of(json, trace);
        var a = request.actor();
        var meta = request.request();
        return new AuditRecord(d.auditLogId(), d.evaluatedAt(), a.spaceId(), a.userId(), a.memberId(),
                a.userMemberId(), request.action(), request.resourceType(), request.resourceId(), d.decision(),
                d.denyCode() == null ? null : d.denyCode().name(), meta.requestId(), meta.ip(), meta.userAgent(), traceJson,
                List.of(actor, space, target, registry, candidates));
    }
}
