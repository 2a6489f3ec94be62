package io.plystra.authz;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.plystra.audit.AuditIds;
import io.plystra.audit.AuditRecord;
import io.plystra.audit.AuditSnapshots;
import io.plystra.audit.AuditWriter;
import io.plystra.audit.CanonicalJson;
import io.plystra.authz.engine.Decision;
import io.plystra.authz.engine.DecisionEngine;
import io.plystra.authz.engine.DecisionRequest;
import io.plystra.authz.engine.DecisionSnapshot;
import io.plystra.kernel.PlystraConfig;
import io.smallrye.mutiny.Uni;

/** One decision: load the snapshot, run the pure engine, write the audit row, then answer. */
@ApplicationScoped
public class AuthzService {

    private final SnapshotLoader loader;
    private final AuditWriter audit;
    private final ObjectMapper json;
    private final String writeMode;
    private final DecisionEngine engine = new DecisionEngine();

    private final DecisionMetrics metrics;

    private final AuditSnapshots snapshots;

    public AuthzService(SnapshotLoader loader, AuditWriter audit, AuditSnapshots snapshots, ObjectMapper json,
                        PlystraConfig config, DecisionMetrics metrics) {
        this.loader = loader;
        this.snapshots = snapshots;
        this.metrics = metrics;
        this.audit = audit;
        this.json = json;
        this.writeMode = config.audit().writeMode();
    }

    /** @param fresh never answer from cached snapshots (the caller named a revision it must see) */
    public Uni<Decision> decide(DecisionRequest request, boolean fresh) {
        long started = System.nanoTime();
        return decideAndAudit(request, fresh).invoke(d -> metrics.record(d, started));
    }

    private Uni<Decision> decideAndAudit(DecisionRequest request, boolean fresh) {
        return loader.load(request, fresh).flatMap(s -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            String traceId = String.format("trc_%016x", ThreadLocalRandom.current().nextLong());
            Decision decision = engine.decide(request, new DecisionSnapshot(s.actor().user(),
                    s.actor().member(), s.actor().userMember(), s.actor().space(), s.registry(), s.target(), s.grants()), now, traceId);
            if (!audited(decision)) {
                return Uni.createFrom().item(decision);
            }
            Decision recorded = decision.withAuditLogId(AuditIds.next(now));
            return audit.append(record(request, s, recorded)).replaceWith(recorded);
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
     * registry entry, candidates) by reference to their content-addressed bodies.
     */
    private AuditRecord record(DecisionRequest request, Snapshot s, Decision d) {
        AuditSnapshots.Part actor = snapshots.shared(s.actor(), d.actor());
        AuditSnapshots.Part space = snapshots.shared(s.actor().space(), d.space());
        AuditSnapshots.Part target = snapshots.shared(s.target(), d.target());
        AuditSnapshots.Part registry = snapshots.shared(s.registry(), d.resourceRegistry());
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
        String traceJson = CanonicalJson.of(json, trace);
        var a = request.actor();
        var meta = request.request();
        return new AuditRecord(d.auditLogId(), d.evaluatedAt(), a.spaceId(), a.userId(), a.memberId(),
                a.userMemberId(), request.action(), request.resourceType(), request.resourceId(), d.decision(),
                d.denyCode() == null ? null : d.denyCode().name(), meta.requestId(), meta.ip(), meta.userAgent(), traceJson,
                List.of(actor, space, target, registry, candidates));
    }
}
