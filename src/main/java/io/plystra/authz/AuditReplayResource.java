package io.plystra.authz;

import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.plystra.kernel.Requires;
import io.smallrye.mutiny.Uni;

/**
 * {@code POST /api/v1/audit/logs/{id}/replay}: a recorded decision re-decided against today's state, with the
 * difference (docs/time-travel.md). Read-only: it writes no row; it lives beside the decisions because it decides.
 */
@Path("/api/v1/audit/logs/{id}/replay")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit")
public class AuditReplayResource {

    @Inject
    TimeTravelService service;

    @POST
    @Requires("audit:read")
    @Operation(summary = "Re-decide a recorded decision against today's state and show what differs")
    public Uni<TimeTravelService.Replay> replay(@PathParam("id") String id) {
        return service.replay(id);
    }
}
