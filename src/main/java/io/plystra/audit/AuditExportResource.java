package io.plystra.audit;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.plystra.kernel.Requires;
import io.smallrye.mutiny.Multi;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.mutiny.core.buffer.Buffer;

/**
 * The audit export for a SIEM ({@link AuditExport}): NDJSON in chain order, resumable by the cursor of its last line.
 */
@Path("/api/v1/audit/export")
@Tag(name = "Audit")
public class AuditExportResource {

    @Inject
    AuditQueryService service;

    @GET
    @Requires("audit:read")
    @Produces(AuditExport.MEDIA_TYPE)
    @Operation(summary = "Stream the audit rows of the spaces the caller may read as NDJSON, in chain order, resumable by cursor")
    public Multi<Buffer> export(@Context UriInfo uri, @Context HttpServerResponse response) {
        // The framework marks every response "identity" and lifts the mark for compressible media types only on
        // responses it writes whole; a streamed one keeps it, so the export lifts it itself (gzip when asked).
        response.headers().remove(HttpHeaders.CONTENT_ENCODING);
        return service.export(AuditExport.parse(uri.getQueryParameters()));
    }
}
