package io.plystra.identity;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.audit.MutationAudit;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.DatabaseErrors;
import io.plystra.kernel.RequestInfo;
import io.plystra.kernel.Caller;
import io.smallrye.mutiny.Uni;

/**
 * The end of every accepted identity mutation, inside its {@code @WithTransaction}: the write reaches
 * the database, a taken unique key becomes 409 {@code <ENTITY>_CONFLICT}, and the audit row
 * ({@code <entity>.<verb>}) is appended in the same transaction.
 */
@ApplicationScoped
public class AuditedWrite {

    private final MutationAudit audit;

    public AuditedWrite(MutationAudit audit) {
        this.audit = audit;
    }

    /**
     * @param write the persist-and-flush or flush of the change
     * @param view  what the caller gets back, also the audit snapshot (never secrets)
     */
    public <V> Uni<V> commit(Caller caller, RequestInfo request, String entity, String verb, String entityId, String spaceId,
                             Uni<?> write, V view) {
        return write
                .onFailure(DatabaseErrors::uniqueViolation)
                .transform(e -> new ApiException(409, entity.toUpperCase() + "_CONFLICT",
                        "a " + entity.replace('_', ' ') + " with this id or unique key exists", null))
                .flatMap(saved -> audit.record(caller, request, entity, verb, entityId, spaceId, view))
                .replaceWith(view);
    }

    /** Row timestamps, in microseconds like PostgreSQL and the page cursor. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
