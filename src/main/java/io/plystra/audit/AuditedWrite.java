package io.plystra.audit;


import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.plystra.kernel.ApiException;
import io.plystra.kernel.DatabaseErrors;
import io.smallrye.mutiny.Uni;

/**
 * The end of every accepted admin mutation, inside its {@code @WithTransaction}: the write reaches
 * the database, a taken unique key becomes 409 {@code <ENTITY>_CONFLICT}, and the audit row
 * ({@code <entity>.<verb>}) is appended in the same transaction.
 */
@ApplicationScoped
public class AuditedWrite {

    @Inject
    MutationAudit audit;

    /**
     * @param write    the persist-and-flush or flush of the change
     * @param mutation what changed; its {@code after} is what the caller gets back
     */
    public <V> Uni<V> commit(Uni<?> write, Mutation<V> mutation) {
        return write
                .onFailure(DatabaseErrors::uniqueViolation)
                .transform(e -> ApiException.conflict(mutation.entity(),
                        "a " + mutation.entity().replace('_', ' ') + " with this id or unique key exists"))
                .flatMap(saved -> audit.record(mutation))
                .replaceWith(mutation.after());
    }
}
