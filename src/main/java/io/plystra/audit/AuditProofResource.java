package io.plystra.audit;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.plystra.kernel.Requires;
import io.smallrye.mutiny.Uni;

/** The inclusion proof of an audit row under its Merkle checkpoint (docs/audit-integrity.md). */
@Path("/api/v1/audit/proofs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit")
public class AuditProofResource {

    @Inject
    AuditQueryService service;

    @GET
    @Path("/{audit_log_id}")
    @Requires("audit:read")
    @Operation(summary = "Prove that an audit row is under a signed Merkle checkpoint")
    public Uni<AuditProof> get(@PathParam("audit_log_id") String id) {
        return service.proof(id);
    }
}
