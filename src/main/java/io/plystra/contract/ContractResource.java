package io.plystra.contract;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.plystra.kernel.Page;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.Requires;
import io.plystra.kernel.Requires.Scope;
import io.smallrye.mutiny.Uni;

/**
 * A space's contract (docs/contracts.md). The document routes read YAML ({@code application/yaml}) or JSON
 * ({@code application/json}); they are {@code /contracts/validate} and so on, the spec's {@code /contracts:validate}
 * spelled as path segments.
 */
@Path("/api/v1/spaces/{sid}/contracts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Contracts")
public class ContractResource {

    static final String YAML = "application/yaml";
    static final String X_YAML = "application/x-yaml";
    static final String TEXT_YAML = "text/yaml";

    @Inject
    ContractService service;

    @GET
    @Requires(value = "contracts:read", scope = Scope.SPACE)
    @Operation(summary = "List the versions of a space's contract, newest first")
    public Uni<Page<ContractViews.Version>> list(@PathParam("sid") String sid, @QueryParam("limit") String limit,
                                                 @QueryParam("cursor") String cursor) {
        return service.list(sid, PageRequest.parse(limit, cursor));
    }

    @GET
    @Path("/{version}")
    @Requires(value = "contracts:read", scope = Scope.SPACE)
    @Operation(summary = "Read a version of a space's contract, with its document")
    public Uni<ContractViews.Version> get(@PathParam("sid") String sid, @PathParam("version") String version) {
        return service.get(sid, version);
    }

    @POST
    @Path("/validate")
    @Consumes({MediaType.APPLICATION_JSON, YAML, X_YAML, TEXT_YAML})
    @Requires(value = "contracts:manage", scope = Scope.SPACE)
    @Operation(summary = "Check a contract document against a space without changing anything")
    public Uni<ContractViews.Validation> validate(@PathParam("sid") String sid, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
                                                  String document) {
        return service.validate(sid, type, document);
    }

    @POST
    @Path("/diff")
    @Consumes({MediaType.APPLICATION_JSON, YAML, X_YAML, TEXT_YAML})
    @Requires(value = "contracts:manage", scope = Scope.SPACE)
    @Operation(summary = "What applying a contract document would create, change and remove, and what it would refuse")
    public Uni<ContractViews.Diff> diff(@PathParam("sid") String sid, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
                                        String document) {
        return service.diff(sid, type, document);
    }

    @POST
    @Path("/apply")
    @Consumes({MediaType.APPLICATION_JSON, YAML, X_YAML, TEXT_YAML})
    @Requires(value = "contracts:manage", scope = Scope.SPACE)
    @Operation(summary = "Apply a contract document in one transaction, as the space's next contract version")
    public Uni<ContractViews.Applied> apply(@PathParam("sid") String sid, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
                                            String document) {
        return service.apply(sid, type, document);
    }

    @POST
    @Path("/rollback")
    @Requires(value = "contracts:manage", scope = Scope.SPACE)
    @Operation(summary = "Apply an earlier version's document as the space's next contract version")
    public Uni<ContractViews.Applied> rollback(@PathParam("sid") String sid, ContractRollback body) {
        return service.rollback(sid, body);
    }
}
