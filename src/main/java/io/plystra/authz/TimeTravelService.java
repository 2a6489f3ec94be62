package io.plystra.authz;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.plystra.audit.AuditLogView;
import io.plystra.audit.AuditQueryService;
import io.plystra.authz.engine.ActorRef;
import io.plystra.authz.engine.Decision;
import io.plystra.authz.engine.DecisionEngine;
import io.plystra.authz.engine.DecisionRequest;
import io.plystra.authz.engine.RequestMeta;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.Caller;
import io.plystra.kernel.JsonValues;
import io.plystra.kernel.RequestContext;
import io.plystra.kernel.Timestamps;
import io.smallrye.mutiny.Uni;

/**
 * Replay (docs/time-travel.md): a principal's state as of an instant, explain as of an instant, and a recorded decision
 * re-decided against today's state. All read-only: they read the change events and write nothing, no audit row either.
 */
@ApplicationScoped
public class TimeTravelService {

    static final Set<String> STATE_PARAMETERS = Set.of("member_id", "at");

    private final AuthzService authz;
    private final SnapshotLoader loader;
    private final AsOfLoader asOf;
    private final AuditQueryService audits;
    private final RequestContext context;
    private final ObjectMapper json;
    private final DecisionEngine engine = new DecisionEngine();

    public TimeTravelService(AuthzService authz, SnapshotLoader loader, AsOfLoader asOf, AuditQueryService audits,
                             RequestContext context, ObjectMapper json) {
        this.authz = authz;
        this.loader = loader;
        this.asOf = asOf;
        this.audits = audits;
        this.context = context;
        this.json = json;
    }

    /**
     * {@code GET /spaces/{sid}/authz/state?member_id=&at=}: 400 for an unknown or repeated parameter, a missing
     * {@code member_id}, or an {@code at} that is not RFC 3339 or lies in the future; 404 for a member not of the space.
     */
    public Uni<PrincipalState> state(String spaceId, MultivaluedMap<String, String> query) {
        Map<String, String> problems = new LinkedHashMap<>();
        query.forEach((name, values) -> {
            if (!STATE_PARAMETERS.contains(name)) {
                problems.put(name, "unknown parameter");
            } else if (values.size() != 1) {
                problems.put(name, "must be given once");
            }
        });
        String memberId = query.getFirst("member_id");
        AuthzService.require(problems, "member_id", memberId);
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        Instant now = context.now();
        Instant at = past(query.getFirst("at"), now);
        return asOf.memberSpace(memberId).flatMap(space -> {
            if (!spaceId.equals(space)) {
                return Uni.createFrom().failure(ApiException.notFound("member", memberId));
            }
            return asOf.state(spaceId, memberId, at, now);
        });
    }

    /**
     * {@code POST /authz/explain}: without {@code at}, the decision as check makes it (audited); with {@code at}, the
     * decision the engine makes at that instant over the actor's grants, teams and attributes as of then (not audited:
     * no one acted). {@code consistency} does not go with {@code at}; a service's key explains only itself.
     */
    public Uni<Decision> explain(AuthzRequest body) {
        if (body == null || body.at() == null) {
            return authz.decide(body);
        }
        Caller caller = context.caller();
        ActorRef actor = AuthzService.actorOf(body, caller);
        if (body.consistency() != null) {
            throw ApiException.validation("consistency", "is not taken with at: an explain as of an instant reads the history");
        }
        Instant at = past(body.at(), context.now());
        if (!caller.isService() || !AuthzService.own(caller.actor()).equals(actor)) {
            context.requireIn(actor.spaceId());
        }
        DecisionRequest request = new DecisionRequest(actor, body.resourceType(), body.resourceId(), body.action(), authz.meta(),
                AuthzService.conditionContext(body.context()), AuthzService.inlineAttributes(body.resourceAttributes()));
        return loader.load(request, false).flatMap(today -> asOf.snapshot(today, request, at))
                .map(s -> engine.decide(request, s.forEngine(), at, AuthzService.traceId()));
    }

    /**
     * {@code POST /audit/logs/{id}/replay}: the recorded decision's actor, resource, action, context and client address,
     * decided again by the engine over today's state read from PostgreSQL. 404 as reading the row is; 409 for a row
     * that records no single decision (an admin mutation, a lookup page).
     */
    public Uni<Replay> replay(String id) {
        return audits.get(id).flatMap(row -> {
            JsonNode trace = row.trace();
            if (trace == null || !trace.has("matched_candidates")) {
                throw ApiException.conflict("audit_log",
                        "audit row " + id + " records no single decision (an admin mutation or a lookup page); only decisions replay");
            }
            AuditLogView v = row.log();
            String service = text(trace.path("actor_service_id"));
            ActorRef actor = service != null ? ActorRef.ofService(service, v.actorMemberId(), v.spaceId())
                    : new ActorRef(v.actorUserId(), v.actorMemberId(), v.actorUserMemberId(), v.spaceId());
            @SuppressWarnings("unchecked")
            Map<String, Object> recordedContext = trace.has("context") ? (Map<String, Object>) JsonValues.plain(trace.get("context"))
                    : Map.of();
            DecisionRequest request = new DecisionRequest(actor, v.resourceType(), v.resourceId(), v.action(),
                    new RequestMeta(context.info().requestId(), v.ipAddress(), v.userAgent()), recordedContext);
            return loader.load(request, true)
                    .map(s -> engine.decide(request, s.forEngine(), context.now(), AuthzService.traceId()))
                    .map(today -> Replay.of(id, outcome(trace), outcome(json.valueToTree(today))));
        });
    }

    /** The instant {@code text} names (to the microsecond PostgreSQL keeps); null for none; 400 for a bad or future one. */
    static Instant past(String text, Instant now) {
        Instant at = Timestamps.parse(text, "at");
        if (at != null && at.isAfter(now)) {
            throw ApiException.validation("at", "must not be in the future: the history ends now");
        }
        return at == null ? null : at.truncatedTo(ChronoUnit.MICROS);
    }

    /** What a replay compares of a decision, read from its trace (recorded) or its answer (today): both are the same JSON. */
    static Replay.Outcome outcome(JsonNode trace) {
        List<Replay.Match> matched = new ArrayList<>();
        for (JsonNode c : trace.path("matched_candidates")) {
            List<String> via = new ArrayList<>();
            c.path("via").forEach(t -> via.add(text(t.path("id"))));
            JsonNode conditions = c.path("condition_check");
            boolean allows = c.path("scope_check").path("covered").asBoolean(false)
                    && (conditions.isMissingNode() || conditions.isNull() || conditions.path("satisfied").asBoolean(false));
            JsonNode version = c.path("role").path("version");
            matched.add(new Replay.Match(text(c.path("member_role").path("id")), text(c.path("role").path("id")),
                    version.isNumber() ? version.intValue() : null, text(c.path("permission").path("id")), via, allows));
        }
        return new Replay.Outcome(text(trace.path("decision")), text(trace.path("deny_code")), text(trace.path("reason")),
                text(trace.path("evaluated_at")), matched);
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    /** {@code POST /audit/logs/{id}/replay}'s answer: the recorded decision, today's, and what differs. */
    public record Replay(String auditLogId, Outcome recorded, Outcome today, boolean changed, List<Difference> differences) {

        static Replay of(String id, Outcome recorded, Outcome today) {
            List<Difference> differences = new ArrayList<>();
            compare(differences, "decision", recorded.decision(), today.decision());
            compare(differences, "deny_code", recorded.denyCode(), today.denyCode());
            compare(differences, "matched_candidates", recorded.matchedCandidates(), today.matchedCandidates());
            return new Replay(id, recorded, today, !differences.isEmpty(), differences);
        }

        private static void compare(List<Difference> differences, String field, Object recorded, Object today) {
            if (!Objects.equals(recorded, today)) {
                differences.add(new Difference(field, recorded, today));
            }
        }

        /** A decision as a replay compares it: its outcome and the candidates it matched. */
        public record Outcome(String decision, String denyCode, String reason, String evaluatedAt, List<Match> matchedCandidates) {
        }

        /** One matched candidate: the binding, its role at the version used, the permission, the team path, whether it allows. */
        public record Match(String bindingId, String roleId, Integer roleVersion, String permissionId, List<String> via,
                            boolean allows) {
        }

        public record Difference(String field, Object recorded, Object today) {
        }
    }
}
