package io.plystra.kernel;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Writes the success envelope, in one place: a resource method returns its data (or a {@link Page}),
 * and the client reads {@code {data, request_id}} (with {@code pagination} for a page). Errors are
 * enveloped by {@link ErrorMapper}.
 */
public class Envelope {

    @ServerResponseFilter
    public void wrap(ContainerRequestContext request, ContainerResponseContext response) {
        Object entity = response.getEntity();
        if (entity == null || entity instanceof ApiResponse<?> || response.getStatus() >= 300) {
            return;
        }
        String requestId = RequestIds.of(request.getHeaderString(RequestIds.HEADER));
        response.setEntity(entity instanceof Page<?> page ? ApiResponse.page(page, requestId) : ApiResponse.of(entity, requestId));
    }
}
