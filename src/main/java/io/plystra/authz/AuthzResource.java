package io.plystra.authz;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import io.plystra.authz.engine.ActorRef;
import io.plystra.authz.engine.Decision;
import io.plystra.authz.engine.DecisionRequest;
import io.plystra.authz.engine.RequestMeta;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.ApiResponse;
import io.plystra.kernel.ClientAddress;
import io.plystra.kernel.RequestIds;
import io.plystra.kernel.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/** {@code POST /api/v1/authz/check} and {@code /explain}: 200 for allow and deny alike; the decision is in the body. */
@Path("/api/v1/authz")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AuthzResource {

    static final int MAX_ID_LENGTH = 256;

    private final AuthzService service;
    private final ClientAddress clientAddress;

    public AuthzResource(AuthzService service, ClientAddress clientAddress) {
        this.service = service;
        this.clientAddress = clientAddress;
    }

    @POST
    @Path("/check")
    public Uni<RestResponse<ApiResponse<CheckResult>>> check(AuthzRequest body, RoutingContext ctx, HttpHeaders headers) {
        return decide(body, ctx, headers).map(d -> answer(d, CheckResult.of(d), headers));
    }

    @POST
    @Path("/explain")
    public Uni<RestResponse<ApiResponse<Decision>>> explain(AuthzRequest body, RoutingContext ctx, HttpHeaders headers) {
        return decide(body, ctx, headers).map(d -> answer(d, d, headers));
    }

    private Uni<Decision> decide(AuthzRequest body, RoutingContext ctx, HttpHeaders headers) {
        Caller caller = ctx.get(Caller.CONTEXT_KEY);
        ActorRef actor = actorOf(body, caller);
        if (!caller.holdsIn("authz:check", actor.spaceId())) {
            throw ApiException.adminPermissionRequired("authz:check");
        }
        RequestMeta meta = new RequestMeta(RequestIds.of(headers), clientAddress.of(ctx.request()),
                ctx.request().getHeader("User-Agent"));
        return service.decide(new DecisionRequest(actor, body.resourceType(), body.resourceId(), body.action(), meta),
                body.consistency() != null);
    }

    /** Validates the body; a session caller without {@code actor} acts as its own active actor. */
    static ActorRef actorOf(AuthzRequest body, Caller caller) {
        if (body == null) {
            throw ApiException.validation("body", "must be a JSON object");
        }
        Map<String, String> problems = new LinkedHashMap<>();
        require(problems, "resource_type", body.resourceType());
        require(problems, "resource_id", body.resourceId());
        require(problems, "action", body.action());
        if (body.consistency() != null) {
            String token = body.consistency().atLeastAsFresh();
            if (token == null || token.isBlank() || token.length() > 64) {
                problems.put("consistency.at_least_as_fresh", "must be a revision token");
            }
        }
        ActorRef actor = null;
        if (body.actor() == null) {
            if (caller.actor() == null) {
                problems.put("actor", "is required (the caller has no active actor)");
            } else {
                Caller.Actor own = caller.actor();
                actor = new ActorRef(own.userId(), own.memberId(), own.userMemberId(), own.spaceId());
            }
        } else {
            AuthzRequest.Actor a = body.actor();
            require(problems, "actor.user_id", a.userId());
            require(problems, "actor.member_id", a.memberId());
            require(problems, "actor.user_member_id", a.userMemberId());
            require(problems, "actor.space_id", a.spaceId());
            actor = new ActorRef(a.userId(), a.memberId(), a.userMemberId(), a.spaceId());
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        return actor;
    }

    private static void require(Map<String, String> problems, String field, String value) {
        if (value == null || value.isBlank()) {
            problems.put(field, "is required");
        } else if (value.length() > MAX_ID_LENGTH) {
            problems.put(field, "must be at most " + MAX_ID_LENGTH + " characters");
        } else if (value.chars().anyMatch(Character::isISOControl)) {
            problems.put(field, "must not contain control characters");
        }
    }

    private static <T> RestResponse<ApiResponse<T>> answer(Decision d, T data, HttpHeaders headers) {
        var response = RestResponse.ResponseBuilder.ok(ApiResponse.of(data, RequestIds.of(headers)))
                .header("X-Plystra-Trace-ID", d.traceId());
        if (d.auditLogId() != null) {
            response.header("X-Plystra-Audit-Log-ID", d.auditLogId());
        }
        return response.build();
    }
}
