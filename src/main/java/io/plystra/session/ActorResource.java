package io.plystra.session;

import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.plystra.kernel.SessionOnly;
import io.plystra.session.ActorService.SwitchMemberRequest;
import io.smallrye.mutiny.Uni;

/** The session's own actor ({@link ActorService}). */
@Path("/api/v1/actor")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sessions")
public class ActorResource {

    @Inject
    ActorService service;

    @GET
    @Path("/context")
    @SessionOnly
    @Operation(summary = "The session's actor and the bindings the user may act through")
    public Uni<Map<String, Object>> context() {
        return service.context();
    }

    @POST
    @Path("/switch-member")
    @SessionOnly
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Act as another of the user's active bindings")
    public Uni<Map<String, Object>> switchMember(SwitchMemberRequest body) {
        return service.switchMember(body);
    }
}
