package io.plystra.audit;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.plystra.kernel.Requires;
import io.smallrye.mutiny.Multi;

/**
 * The change feed over server-sent events ({@link ChangeFeed}): one event {@code change} per committed admin
 * change, its {@code id} the change's {@code seq}, so an EventSource resumes where it stopped; a comment when
 * nothing happened for a while.
 */
@Path("/api/v1/changes")
@Tag(name = "Audit")
public class ChangeFeedResource {

    static final String EVENT = "change";
    static final String HEARTBEAT = "heartbeat";

    @Inject
    ChangeFeed service;
    @Inject
    ObjectMapper json;

    @GET
    @Requires("audit:read")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Stream every committed admin change of the spaces the caller may read, in commit order, resumable after a seq")
    public Multi<OutboundSseEvent> watch(@Context UriInfo uri, @HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
        return service.watch(ChangeFeed.parse(uri.getQueryParameters(), lastEventId))
                .onItem().transformToIterable(batch -> events(batch, sse));
    }

    private List<OutboundSseEvent> events(List<Change> batch, Sse sse) {
        if (batch.isEmpty()) {
            return List.of(sse.newEventBuilder().comment(HEARTBEAT).build());
        }
        return batch.stream().map(c -> sse.newEventBuilder().id(Long.toString(c.seq())).name(EVENT)
                .data(String.class, text(c)).build()).toList();
    }

    private String text(Change change) {
        try {
            return json.writeValueAsString(change);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a change cannot be written as JSON", e);
        }
    }
}
