package io.plystra.audit;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.ErrorCode;
import io.plystra.kernel.DatabaseErrors;
import io.plystra.kernel.PlystraConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Appends decision audit rows by group commit: callers enqueue, and one writer drains the bounded
 * queue into multi-row INSERTs (arrays bound as parameters and expanded with {@code unnest}),
 * at most {@code batch-max-rows} per statement and at most {@code batches-in-flight} statements
 * at a time. Rows that arrive while the batches commit go into the next ones, so batches grow with
 * load and an idle writer adds no delay.
 *
 * <p>In {@code sync} durability (the default) the returned Uni completes once the row's batch has
 * committed, and fails when it could not be written. In {@code async} durability it completes at
 * once; a crash can then lose at most the rows still queued ({@code queue-capacity}). A full queue
 * fails the caller with 503 {@code OVERLOADED}: nothing is dropped silently. So does a row that has
 * not committed within {@code commit-timeout} (a stalled database): the decision is not answered,
 * and the row is still written when the database moves again.
 *
 * <p>Each lane's rows form a hash chain ({@link AuditChain}, docs/audit-integrity.md), computed when
 * its batch starts and off any lock.
 */
@ApplicationScoped
public class AuditWriter {

    private static final Logger LOG = Logger.getLogger(AuditWriter.class);

    static final String INSERT_SQL = """
            WITH snapshots AS (
                INSERT INTO audit_snapshots (hash, body)
                SELECT hash, body::jsonb FROM unnest($16::text[], $17::text[]) AS s(hash, body)
                ORDER BY hash
                ON CONFLICT (hash) DO NOTHING)
            INSERT INTO audit_logs (id, created_at, space_id, actor_user_id, actor_member_id, actor_user_member_id,
                                    action, resource_type, resource_id, decision, deny_code, request_id, ip_address,
                                    user_agent, trace, chain_id, chain_seq, prev_hash, row_hash)
            SELECT id, created_at, space_id, actor_user_id, actor_member_id, actor_user_member_id, action,
                   resource_type, resource_id, decision, deny_code, request_id, ip_address, user_agent, trace::jsonb,
                   chain_id, chain_seq, prev_hash, row_hash
            FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                        $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[],
                        $15::text[], $18::text[], $19::int8[], $20::text[], $21::text[])
                 AS t(id, created_at, space_id, actor_user_id, actor_member_id, actor_user_member_id, action,
                      resource_type, resource_id, decision, deny_code, request_id, ip_address, user_agent, trace,
                      chain_id, chain_seq, prev_hash, row_hash)""";

    private record Pending(AuditRecord record, io.smallrye.mutiny.subscription.UniEmitter<? super Void> done) {
    }

    /** A row's place in its chain, computed when its batch starts. */
    private record Link(String chainId, long seq, String prevHash, String rowHash) {
    }

    /**
     * One of the {@code batches-in-flight} lanes: it writes one batch at a time, so its chain's rows
     * commit in order and a crash can lose only a chain's last batch, never one in its middle. A
     * failed batch may or may not have committed, so the lane then starts a new chain.
     */
    private static final class Lane {
        private String chainId;
        private long seq;
        private String lastHash;
        private volatile AuditCheckpoints.Position committed;

        Lane() {
            newChain();
        }

        void newChain() {
            chainId = AuditChain.newChainId();
            seq = 0;
            lastHash = AuditChain.genesis(chainId);
        }

        Link next(AuditRecord r) {
            seq++;
            String prev = lastHash;
            lastHash = AuditChain.rowHash(prev, AuditChain.canonicalRow(chainId, seq, r));
            return new Link(chainId, seq, prev, lastHash);
        }
    }

    private final Pool pool;
    private final AuditSnapshots snapshots;
    private final boolean sync;
    private final int batchMaxRows;
    private final int capacity;
    private final Duration commitTimeout;
    private final Counter timedOut;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final ConcurrentLinkedQueue<Lane> freeLanes = new ConcurrentLinkedQueue<>();
    private final List<Lane> lanes = new ArrayList<>();
    private final Counter rejected;
    private final Counter failed;
    private final DistributionSummary batchSize;

    public AuditWriter(Pool pool, AuditSnapshots snapshots, PlystraConfig config, MeterRegistry registry) {
        this.pool = pool;
        this.snapshots = snapshots;
        this.sync = !"async".equals(config.audit().durability());
        this.batchMaxRows = config.audit().batchMaxRows();
        this.capacity = config.audit().queueCapacity();
        this.commitTimeout = config.audit().commitTimeout();
        for (int i = 0; i < config.audit().batchesInFlight(); i++) {
            lanes.add(new Lane());
        }
        freeLanes.addAll(lanes);
        Gauge.builder("plystra.audit.queue.depth", queued, AtomicInteger::get)
                .description("Audit rows waiting to be written").register(registry);
        this.rejected = Counter.builder("plystra.audit.rejected").description("Decisions refused with 503 OVERLOADED: audit queue full")
                .register(registry);
        this.timedOut = Counter.builder("plystra.audit.timeouts")
                .description("Decisions refused with 503 OVERLOADED: their audit row did not commit within AUDIT_COMMIT_TIMEOUT")
                .register(registry);
        this.failed = Counter.builder("plystra.audit.batch.failures").description("Audit batches that failed to commit")
                .register(registry);
        this.batchSize = DistributionSummary.builder("plystra.audit.batch.rows").description("Rows per audit INSERT")
                .register(registry);
    }

    public Uni<Void> append(AuditRecord record) {
        if (!sync) {
            enqueue(record, null);
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().<Void>emitter(done -> enqueue(record, done))
                .ifNoItem().after(commitTimeout).failWith(() -> {
                    timedOut.increment();
                    return new ApiException(ErrorCode.OVERLOADED, "the audit log did not commit in time; the decision was not answered, retry shortly");
                });
    }

    /**
     * Appends several rows together (a batch-check's items): all are queued before the writer looks at
     * the queue, so they go out in as few group-commit INSERTs as {@code batch-max-rows} allows. A
     * queue without room for all of them refuses all of them (503 {@code OVERLOADED}).
     */
    public Uni<Void> appendAll(List<AuditRecord> records) {
        if (records.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        if (!sync) {
            reserve(records.size());
            records.forEach(r -> queue.add(new Pending(r, null)));
            drain();
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().<Void>emitter(all -> {
            reserve(records.size());
            java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(records.size());
            java.util.concurrent.atomic.AtomicBoolean failedOnce = new java.util.concurrent.atomic.AtomicBoolean();
            for (AuditRecord r : records) {
                Uni.createFrom().<Void>emitter(done -> queue.add(new Pending(r, done))).subscribe().with(
                        ok -> {
                            if (left.decrementAndGet() == 0 && !failedOnce.get()) {
                                all.complete(null);
                            }
                        },
                        e -> {
                            if (failedOnce.compareAndSet(false, true)) {
                                all.fail(e);
                            }
                        });
            }
            drain();
        }).ifNoItem().after(commitTimeout).failWith(() -> {
            timedOut.increment();
            return new ApiException(ErrorCode.OVERLOADED, "the audit log did not commit in time; the decisions were not answered, retry shortly");
        });
    }

    private void reserve(int rows) {
        if (queued.addAndGet(rows) > capacity) {
            queued.addAndGet(-rows);
            rejected.increment(rows);
            throw new ApiException(ErrorCode.OVERLOADED, "the audit log is not keeping up; retry shortly");
        }
    }

    private void enqueue(AuditRecord record, io.smallrye.mutiny.subscription.UniEmitter<? super Void> done) {
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            rejected.increment();
            throw new ApiException(ErrorCode.OVERLOADED, "the audit log is not keeping up; retry shortly");
        }
        queue.add(new Pending(record, done));
        drain();
    }

    /** Starts batches while rows wait and fewer than the maximum are in flight; each completion starts the next. */
    private void drain() {
        while (!queue.isEmpty() && startBatch()) {
            // Go on while rows wait and a batch may start.
        }
    }

    /** Starts one batch; false when every lane is writing one. */
    private boolean startBatch() {
        Lane lane = freeLanes.poll();
        if (lane == null) {
            return false;
        }
        List<Pending> batch = new ArrayList<>(Math.min(batchMaxRows, queued.get()));
        Pending next;
        while (batch.size() < batchMaxRows && (next = queue.poll()) != null) {
            batch.add(next);
        }
        queued.addAndGet(-batch.size());
        if (batch.isEmpty()) {
            // Another batch took the rows; drain() looks at the queue again, so a row added
            // meanwhile is not left waiting.
            freeLanes.add(lane);
            return true;
        }
        batchSize.record(batch.size());
        List<Link> links = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            links.add(lane.next(p.record()));
        }
        write(lane, batch, links, newParts(batch), true);
        return true;
    }

    /**
     * Two batches that bring the same new snapshots insert them in hash order, so they cannot
     * deadlock on each other; a batch that still meets a deadlock or a serialization failure is
     * tried once more before its callers see the failure.
     */
    private void write(Lane lane, List<Pending> batch, List<Link> links, Map<String, String> newParts, boolean mayRetry) {
        pool.preparedQuery(INSERT_SQL).execute(columns(batch, links, newParts)).subscribe().with(
                rows -> finish(lane, batch, links, newParts, null),
                failure -> {
                    if (mayRetry && DatabaseErrors.retryable(failure)) {
                        write(lane, batch, links, newParts, false);
                    } else {
                        finish(lane, batch, links, newParts, failure);
                    }
                });
    }

    /** The batch's snapshot parts that are not known to be stored yet, each once. */
    private Map<String, String> newParts(List<Pending> batch) {
        Map<String, String> parts = new LinkedHashMap<>();
        for (Pending p : batch) {
            for (AuditSnapshots.Part part : p.record().parts()) {
                if (!snapshots.isStored(part.hash())) {
                    parts.putIfAbsent(part.hash(), part.json());
                }
            }
        }
        return parts;
    }

    private void finish(Lane lane, List<Pending> batch, List<Link> links, Map<String, String> newParts, Throwable failure) {
        if (failure == null) {
            newParts.keySet().forEach(snapshots::markStored);
            Link last = links.get(links.size() - 1);
            lane.committed = new AuditCheckpoints.Position(last.chainId(), last.seq(), last.rowHash());
        } else {
            lane.newChain();
            failed.increment();
            LOG.errorf("audit batch of %d rows failed: %s", batch.size(), failure.getMessage());
        }
        for (Pending p : batch) {
            if (p.done() == null) {
                continue;
            }
            if (failure == null) {
                p.done().complete(null);
            } else {
                p.done().fail(failure);
            }
        }
        freeLanes.add(lane);
        drain();
    }

    /** Where each lane's chain stands after its last committed batch (null: nothing committed yet). */
    List<AuditCheckpoints.Position> committedPositions() {
        return lanes.stream().map(l -> l.committed).filter(java.util.Objects::nonNull).toList();
    }

    private static Tuple columns(List<Pending> batch, List<Link> links, Map<String, String> newParts) {
        int n = batch.size();
        String[] chainIds = new String[n];
        Long[] seqs = new Long[n];
        String[] prevHashes = new String[n];
        String[] rowHashes = new String[n];
        for (int i = 0; i < n; i++) {
            Link link = links.get(i);
            chainIds[i] = link.chainId();
            seqs[i] = link.seq();
            prevHashes[i] = link.prevHash();
            rowHashes[i] = link.rowHash();
        }
        String[][] text = new String[14][n];
        OffsetDateTime[] createdAt = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            AuditRecord r = batch.get(i).record();
            createdAt[i] = r.createdAt().atOffset(ZoneOffset.UTC);
            String[] values = {r.id(), r.spaceId(), r.actorUserId(), r.actorMemberId(), r.actorUserMemberId(), r.action(),
                    r.resourceType(), r.resourceId(), r.decision(), r.denyCode(), r.requestId(), r.ipAddress(),
                    r.userAgent(), r.traceJson()};
            for (int c = 0; c < values.length; c++) {
                text[c][i] = values[c];
            }
        }
        Tuple tuple = Tuple.tuple().addArrayOfString(text[0]).addArrayOfOffsetDateTime(createdAt);
        for (int c = 1; c < text.length; c++) {
            tuple.addArrayOfString(text[c]);
        }
        return tuple.addArrayOfString(newParts.keySet().toArray(String[]::new))
                .addArrayOfString(newParts.values().toArray(String[]::new))
                .addArrayOfString(chainIds).addArrayOfLong(seqs).addArrayOfString(prevHashes).addArrayOfString(rowHashes);
    }
}
