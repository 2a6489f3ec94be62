package io.plystra.authz;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.plystra.audit.AuditIds;
import io.plystra.audit.AuditRecord;
import io.plystra.audit.AuditSnapshots;
import io.plystra.audit.AuditWriter;
import io.plystra.audit.CanonicalJson;
import io.plystra.authz.engine.ActorRef;
import io.plystra.authz.engine.Decision;
import io.plystra.authz.engine.DecisionEngine;
import io.plystra.authz.engine.DecisionRequest;
import io.plystra.authz.engine.Attributes;
import io.plystra.authz.engine.DenyCode;
import io.plystra.authz.engine.RequestMeta;
import io.plystra.kernel.DbTime;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.JsonValues;

import com.fasterxml.jackson.databind.JsonNode;
import io.plystra.kernel.Caller;
import io.plystra.kernel.PlystraConfig;
import io.plystra.kernel.RequestContext;
import io.plystra.kernel.RequestInfo;
import io.smallrye.mutiny.Multi;
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
    private final int batchMax;
    private final DecisionEngine engine = new DecisionEngine();

    private final DecisionMetrics metrics;

    private final AuditSnapshots snapshots;

    private final RequestContext context;
    /** The clock of {@link RequestContext#now()}, read directly once the snapshot is loaded. */
    private final Clock clock;

    private final Tracing tracing;

    private final Freshness freshness;

    public AuthzService(SnapshotLoader loader, AuditWriter audit, AuditSnapshots snapshots, ObjectMapper json,
                        PlystraConfig config, DecisionMetrics metrics, RequestContext context, Clock clock, Tracing tracing,
                        Freshness freshness) {
        this.loader = loader;
        this.freshness = freshness;
        this.tracing = tracing;
        this.context = context;
        this.clock = clock;
        this.snapshots = snapshots;
        this.metrics = metrics;
        this.audit = audit;
        this.json = json;
        this.writeMode = config.audit().writeMode();
        this.batchMax = Math.max(1, Math.min(io.plystra.platform.ProductionSafety.MAX_BATCH, config.authz().batchMax()));
    }

    /**
     * The decision for {@code body}: 400 for a bad body, 403 unless the caller holds the route's
     * {@code authz:check} in the actor's space. Its {@code consistency} says whether the snapshots may
     * come from the caches ({@link Freshness}).
     */
    public Uni<Decision> decide(AuthzRequest body) {
        return decide(body, NOTHING_MORE);
    }

    /** @param more what the audit row's trace adds for this decision (a column answer's columns) */
    Uni<Decision> decide(AuthzRequest body, TraceAddition more) {
        if (body != null && body.at() != null) {
            throw ApiException.validation("at", "is taken by explain only");
        }
        Caller caller = context.caller();
        ActorRef actor = actorOf(body, caller);
        long started = System.nanoTime();
        if (caller.isService()) {
            ActorRef own = own(caller.actor());
            if (!own.equals(actor)) {
                // A service's key answers for that service alone: asking about anyone else is a deny, audited as the service's.
                return denyBeforeEngine(own, body.resourceType(), body.resourceId(), body.action(), DenyCode.CROSS_SPACE_VIOLATION,
                        "a service key decides only for its own service " + own.serviceId() + "; the body names another actor",
                        more);
            }
        } else {
            context.requireIn(actor.spaceId());
        }
        DecisionRequest request = new DecisionRequest(actor, body.resourceType(), body.resourceId(), body.action(), meta(),
                conditionContext(body.context()), inlineAttributes(body.resourceAttributes()));
        return freshness.readThrough(body.consistency(), caller, 1)
                .flatMap(fresh -> decideAndAudit(request, fresh, more)).invoke(d -> metrics.record(d, started));
    }

    /** What a decision's audit trace adds to the common parts, computed from the decision; empty for none. */
    @FunctionalInterface
    interface TraceAddition {
        Map<String, Object> of(Decision decision);
    }

    static final TraceAddition NOTHING_MORE = d -> Map.of();

    static TraceAddition gateway(Map<String, String> origin) {
        return origin == null ? NOTHING_MORE : d -> Map.of("gateway", origin);
    }

    /**
     * The decision a gateway asks for: the end user's actor on the resource and action its route
     * names, audited like a check. The gateway's key holds {@code authz:check} in the route's space,
     * which the caller has made sure is the actor's.
     */
    public Uni<Decision> decideFor(ActorRef actor, String resourceType, String resourceId, String action,
                                   Map<String, String> origin) {
        long started = System.nanoTime();
        return decideAndAudit(new DecisionRequest(actor, resourceType, resourceId, action, meta()), false, gateway(origin))
                .invoke(d -> metrics.record(d, started));
    }

    /**
     * A gateway request denied before the engine ({@code ROUTE_NOT_MAPPED}, an actor of another
     * space): the same answer and audit row as any deny, with no snapshot.
     */
    public Uni<Decision> denyBeforeEngine(ActorRef actor, String resourceType, String resourceId, String action,
                                          DenyCode code, String reason, Map<String, String> origin) {
        return denyBeforeEngine(actor, resourceType, resourceId, action, code, reason, gateway(origin));
    }

    private Uni<Decision> denyBeforeEngine(ActorRef actor, String resourceType, String resourceId, String action,
                                           DenyCode code, String reason, TraceAddition more) {
        long started = System.nanoTime();
        DecisionRequest request = new DecisionRequest(actor, resourceType, resourceId, action, meta());
        Instant now = DbTime.now(clock);
        Decision decision = new Decision(Decision.TRACE_VERSION, traceId(), Decision.DENY, code, reason, null, null, null, null,
                List.of(), request.request(), now, null);
        return written(decided(request, null, decision, more)).invoke(d -> metrics.record(d, started));
    }

    /**
     * The request's {@code context} object as conditions read it ({@code context.*}): plain maps, lists, strings,
     * numbers and booleans. Not an object → 400; {@code time} is the server's and may not be sent.
     */
    static Map<String, Object> conditionContext(JsonNode json) {
        if (json == null || json.isNull()) {
            return Map.of();
        }
        if (!json.isObject()) {
            throw ApiException.validation("context", "must be a JSON object");
        }
        for (String clock : List.of("time", "hour", "weekday")) {
            if (json.has(clock)) {
                throw ApiException.validation("context." + clock, "is the server's clock and cannot be sent");
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> plain = (Map<String, Object>) JsonValues.plain(json);
        return plain;
    }

    static final int MAX_INLINE_ATTRIBUTES = 64;

    /**
     * The target's attributes as the request carries them ({@code resource_attributes}), for conditions to read in
     * place of stored ones: an object of at most 64 keys, each a string, number, boolean or list of strings. Absent →
     * null (the stored attributes are read).
     */
    static Map<String, Object> inlineAttributes(JsonNode json) {
        if (json == null || json.isNull()) {
            return null;
        }
        if (!json.isObject() || json.size() > MAX_INLINE_ATTRIBUTES) {
            throw ApiException.validation("resource_attributes", "must be a JSON object of at most " + MAX_INLINE_ATTRIBUTES + " keys");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        var fields = json.fields();
        while (fields.hasNext()) {
            var f = fields.next();
            JsonNode v = f.getValue();
            boolean list = v.isArray();
            if (list) {
                for (JsonNode item : v) {
                    list &= item.isTextual();
                }
            }
            if (f.getKey().isBlank() || f.getKey().length() > MAX_ID_LENGTH
                    || !(v.isTextual() || v.isNumber() || v.isBoolean() || list)) {
                throw ApiException.validation("resource_attributes." + f.getKey(),
                        "must be a string, number, boolean or list of strings");
            }
            out.put(f.getKey(), JsonValues.plain(v));
        }
        return out;
    }

    RequestMeta meta() {
        RequestInfo info = context.info();
        return new RequestMeta(info.requestId(), info.ip(), info.userAgent());
    }

    static String traceId() {
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
        Freshness.validate(problems, body.consistency());
        ActorRef actor = actorOf(problems, body.actor(), caller);
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        return actor;
    }

    /**
     * The actor a body names, its fields checked into {@code problems}; without one, the session
     * caller's own active actor (null, and a problem named {@code actor}, when it has none).
     */
    static ActorRef actorOf(Map<String, String> problems, AuthzRequest.Actor a, Caller caller) {
        if (a == null) {
            if (caller.actor() == null) {
                problems.put("actor", "is required (the caller has no active actor)");
                return null;
            }
            return own(caller.actor());
        }
        if (a.serviceId() != null) {
            require(problems, "actor.service_id", a.serviceId());
            require(problems, "actor.member_id", a.memberId());
            require(problems, "actor.space_id", a.spaceId());
            if (a.userId() != null) {
                problems.put("actor.user_id", MIXED_FORMS);
            }
            if (a.userMemberId() != null) {
                problems.put("actor.user_member_id", MIXED_FORMS);
            }
            return ActorRef.ofService(a.serviceId(), a.memberId(), a.spaceId());
        }
        require(problems, "actor.user_id", a.userId());
        require(problems, "actor.member_id", a.memberId());
        require(problems, "actor.user_member_id", a.userMemberId());
        require(problems, "actor.space_id", a.spaceId());
        return new ActorRef(a.userId(), a.memberId(), a.userMemberId(), a.spaceId());
    }

    static final String MIXED_FORMS = "must not be sent with actor.service_id: an actor is a user's tuple "
            + "{user_id, member_id, user_member_id, space_id} or a service {service_id, member_id, space_id}";

    /** The caller's own actor: a session's active actor, or the service of a service key. */
    static ActorRef own(Caller.Actor own) {
        return own.serviceId() != null ? ActorRef.ofService(own.serviceId(), own.memberId(), own.spaceId())
                : new ActorRef(own.userId(), own.memberId(), own.userMemberId(), own.spaceId());
    }

    static void require(Map<String, String> problems, String field, String value) {
        if (value == null || value.isBlank()) {
            problems.put(field, "is required");
        } else if (value.length() > MAX_ID_LENGTH) {
            problems.put(field, "must be at most " + MAX_ID_LENGTH + " characters");
        } else if (value.chars().anyMatch(Character::isISOControl)) {
            problems.put(field, "must not contain control characters");
        }
    }

    private Uni<Decision> decideAndAudit(DecisionRequest request, boolean fresh, TraceAddition more) {
        return decideOne(request, fresh, more).flatMap(this::written);
    }

    /** Writes the decision's audit row, if it has one, and answers the decision once it is written. */
    private Uni<Decision> written(Decided d) {
        if (d.record() == null) {
            return Uni.createFrom().item(d.decision());
        }
        Tracing.Step write = tracing.start("plystra.audit.write");
        return audit.append(d.record()).onTermination().invoke(write::end).replaceWith(d.decision());
    }

    /** The decision with its audit row id and row, or alone when the write mode skips it ({@code s} null: no snapshot). */
    private Decided decided(DecisionRequest request, Snapshot s, Decision decision, TraceAddition more) {
        if (!audited(decision)) {
            return new Decided(decision, null);
        }
        Decision recorded = decision.withAuditLogId(AuditIds.next(decision.evaluatedAt()));
        return new Decided(recorded, record(request, s, recorded, more.of(recorded)));
    }

    /** A decision with the audit row to write for it (null when the write mode skips it), not yet written. */
    record Decided(Decision decision, AuditRecord record) {
    }

    /** Decides one request: loads its snapshot, runs the engine, makes its audit row; writes nothing. */
    Uni<Decided> decideOne(DecisionRequest request, boolean fresh, TraceAddition more) {
        Tracing.Step load = tracing.start("plystra.snapshot.load");
        return loader.load(request, fresh).onTermination().invoke(load::end).map(s -> {
            Instant now = DbTime.now(clock);
            Tracing.Step decide = tracing.start("plystra.engine.decide");
            Decision decision = engine.decide(request, s.forEngine(), now, traceId());
            decide.end(decision);
            return decided(request, s, decision, more);
        });
    }

    /** Items decided at the same time by one batch-check: enough to overlap their loads, few enough to share the pool. */
    private static final int BATCH_CONCURRENCY = 8;

    /**
     * Batch-check: 400 for a bad envelope (not an object, no or too many items, a malformed top-level
     * actor); otherwise one result per item in request order. An item that is malformed, or whose
     * actor's space is one where the caller lacks {@code authz:check}, gets an item-level error; the
     * others are decided as {@code check} decides them, and their audit rows are written together. The
     * envelope's {@code consistency} holds for every item (each item read through counts as a strict check).
     */
    public Uni<BatchCheckResult> batch(BatchCheckRequest body) {
        if (body == null) {
            throw ApiException.validation("body", "must be a JSON object");
        }
        if (body.items() == null || body.items().isEmpty() || body.items().size() > batchMax) {
            throw ApiException.validation("items", "must be an array of 1 to " + batchMax + " items");
        }
        Caller caller = context.caller();
        Map<String, String> envelopeProblems = new LinkedHashMap<>();
        ActorRef shared = body.actor() == null ? null : actorOf(envelopeProblems, body.actor(), caller);
        Freshness.validate(envelopeProblems, body.consistency());
        if (!envelopeProblems.isEmpty()) {
            throw ApiException.validation(envelopeProblems);
        }
        String permission = context.permission();
        RequestMeta meta = meta();
        long started = System.nanoTime();
        int n = body.items().size();
        Object[] results = new Object[n];
        List<Integer> positions = new ArrayList<>();
        List<DecisionRequest> requests = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            try {
                DecisionRequest request = item(body.items().get(i), shared, caller, meta);
                if (!caller.holdsIn(permission, request.actor().spaceId())) {
                    throw ApiException.adminPermissionRequired(permission);
                }
                positions.add(i);
                requests.add(request);
            } catch (ApiException e) {
                results[i] = new BatchCheckResult.Failed(new BatchCheckResult.ItemError(e.code(), e.getMessage(), e.details()));
            }
        }
        Decided[] decided = new Decided[requests.size()];
        return freshness.readThrough(body.consistency(), caller, requests.size())
                .onItem().transformToMulti(fresh -> Multi.createFrom().range(0, requests.size())
                        .onItem().transformToUni(k -> decideOne(requests.get(k), fresh, NOTHING_MORE).invoke(d -> decided[k] = d))
                        .merge(BATCH_CONCURRENCY))
                .collect().last()
                .flatMap(ignored -> audit.appendAll(Arrays.stream(decided).map(Decided::record).filter(Objects::nonNull).toList()))
                .map(ignored -> {
                    for (int k = 0; k < decided.length; k++) {
                        results[positions.get(k)] = CheckResult.of(decided[k].decision());
                        metrics.record(decided[k].decision(), started);
                    }
                    return new BatchCheckResult(Arrays.asList(results));
                });
    }

    /** One batch item as a decision request; 400 (for this item only) when it is malformed. */
    private DecisionRequest item(JsonNode node, ActorRef shared, Caller caller, RequestMeta meta) {
        if (node == null || !node.isObject()) {
            throw ApiException.validation("item", "must be a JSON object");
        }
        BatchCheckRequest.Item item;
        try {
            item = json.treeToValue(node, BatchCheckRequest.Item.class);
        } catch (JsonProcessingException e) {
            String field = fieldPath(e);
            throw ApiException.validation(field.isEmpty() ? "item" : field,
                    e instanceof UnrecognizedPropertyException ? "unknown field" : "has the wrong type or format");
        }
        Map<String, String> problems = new LinkedHashMap<>();
        require(problems, "resource_type", item.resourceType());
        require(problems, "resource_id", item.resourceId());
        require(problems, "action", item.action());
        ActorRef actor = item.actor() != null || shared == null ? actorOf(problems, item.actor(), caller) : shared;
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        return new DecisionRequest(actor, item.resourceType(), item.resourceId(), item.action(), meta);
    }

    private static String fieldPath(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException mapping)) {
            return "";
        }
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : mapping.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() > 0 ? "." : "").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private boolean audited(Decision decision) {
        return audited(writeMode, decision.allows());
    }

    /** Whether {@code AUDIT_WRITE_MODE} writes the row of a decision (or lookup page) that allows or not. */
    static boolean audited(String writeMode, boolean allows) {
        return switch (writeMode) {
            case "deny_only" -> !allows;
            case "disabled_for_dev" -> false;
            default -> true;
        };
    }

    /**
     * The audit row: the decision's own facts inline, the snapshot parts (actor, space, target,
     * registry entry, candidates) by reference to their content-addressed bodies ({@code s} null:
     * a decision made without a snapshot).
     */
    private static Map<String, Object> attributesTrace(Attributes a) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("principal", values(a.principal()));
        out.put("resource", values(a.resource()));
        out.put("space", values(a.space()));
        out.put("organization", values(a.organization()));
        return out;
    }

    private static Map<String, Object> values(Map<String, io.plystra.authz.engine.Attribute> attributes) {
        Map<String, Object> out = new java.util.TreeMap<>();
        attributes.forEach((k, v) -> out.put(k, v.value()));
        return out;
    }

    private AuditRecord record(DecisionRequest request, Snapshot s, Decision d, Map<String, Object> more) {
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
        if (request.actor().actsAsService()) {
            // The audit row's actor columns hold the member; the trace names the service even without a snapshot.
            trace.put("actor_service_id", request.actor().serviceId());
        }
        trace.putAll(more);
        // What the conditions read: the request's context and the attributes as they were at decision time.
        if (!request.context().isEmpty()) {
            trace.put("context", request.context());
        }
        Attributes read = request.attributes(s == null ? null : s.attributes());
        if (!read.equals(Attributes.NONE)) {
            trace.put("attributes", attributesTrace(read));
        }
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
