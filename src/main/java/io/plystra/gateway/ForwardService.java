package io.plystra.gateway;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;

import io.plystra.authz.AuthzService;
import io.plystra.authz.engine.ActorRef;
import io.plystra.authz.engine.Decision;
import io.plystra.authz.engine.DenyCode;
import io.plystra.gateway.routing.RequestPath;
import io.plystra.gateway.routing.RouteException;
import io.plystra.gateway.routing.RouteMatch;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.Authenticator;
import io.plystra.kernel.Caller;
import io.plystra.kernel.ErrorCode;
import io.plystra.kernel.RequestContext;
import io.smallrye.mutiny.Uni;

/**
 * A gateway's question about the request it holds: which route of the gateway's space the
 * original method, host and URI match, who the end user is (the credential in the original
 * request's {@code Authorization}), and the decision for that actor on the route's resource and
 * action, audited like a check. Unknown, malformed or unmapped is never an allow.
 */
@ApplicationScoped
public class ForwardService {

    static final String SPACE_HEADER = "X-Plystra-Space-Id";
    static final String GATEWAY_RESOURCE_TYPE = "gateway_route";

    @Inject
    RouteTables tables;
    @Inject
    Authenticator authenticator;
    @Inject
    AuthzService authz;
    @Inject
    RequestContext request;
    @Inject
    JwtIssuers jwt;
    private final Set<String> redacted;

    private final boolean production;

    public ForwardService(io.plystra.kernel.PlystraConfig config) {
        this.production = config.production();
        this.redacted = config.gateway().redactQuery().stream().map(n -> n.trim().toLowerCase(Locale.ROOT))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
    @Inject
    GatewayActors actors;
    static final String MEMBER_HEADER = "X-Plystra-Member-Id";

    /** What the gateway is told: an allow (the actor for the upstream headers), or a deny. */
    public record Answer(Decision decision, ActorRef actor) {

        /** The identity headers an allow sets for the upstream. */
        public static final List<String> IDENTITY = List.of("X-Plystra-User-Id", "X-Plystra-Member-Id", "X-Plystra-Space-Id",
                "X-Plystra-Service-Id", "X-Plystra-Trace-ID", "X-Plystra-Audit-Log-ID");

        /** An allow without a decision: a public route, or an unmapped request where the space allows those. */
        static final Answer PUBLIC = new Answer(null, null);

        /**
         * The headers the gateway copies to the upstream for an allow ({@code X-Plystra-Decision} and,
         * for a decided allow, the actor, trace and audit row); a deny throws 403 {@code FORBIDDEN}.
         */
        public Map<String, String> upstreamHeaders() {
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            headers.put("X-Plystra-Decision", "allow");
            if (decision == null) {
                return headers;
            }
            if (!decision.allows()) {
                throw ApiException.denied(decision.denyCode().name(), decision.reason(), decision.traceId(), decision.auditLogId());
            }
            if (actor.actsAsService()) {
                headers.put("X-Plystra-Service-Id", actor.serviceId());
            } else {
                headers.put("X-Plystra-User-Id", actor.userId());
            }
            headers.put("X-Plystra-Member-Id", actor.memberId());
            headers.put("X-Plystra-Space-Id", actor.spaceId());
            headers.put("X-Plystra-Trace-ID", decision.traceId());
            if (decision.auditLogId() != null) {
                headers.put("X-Plystra-Audit-Log-ID", decision.auditLogId());
            }
            return headers;
        }
    }

    /** As {@link #forward(OriginalRequest, String, String, String)} with no member named. */
    public Uni<Answer> forward(OriginalRequest original, String authorization, String namedSpace) {
        return forward(original, authorization, namedSpace, null);
    }

    /**
     * @param original      the request the gateway holds
     * @param authorization the end user's credential, the original request's {@code Authorization}
     * @param namedSpace    the space the gateway names ({@code X-Plystra-Space-Id}), or null
     * @param namedMember   the member a JWT's user acts as ({@code X-Plystra-Member-Id}), or null: its primary binding
     */
    public Uni<Answer> forward(OriginalRequest original, String authorization, String namedSpace, String namedMember) {
        String space = gatewaySpace(namedSpace);
        RequestPath path;
        try {
            path = RequestPath.parse(original.uri());
        } catch (RouteException e) {
            throw ApiException.validation(original.uriHeader(), e.getMessage());
        }
        return tables.of(space).flatMap(routes -> {
            RouteMatch match;
            try {
                match = routes.table().find(original.method(), original.host(), path).orElse(null);
            } catch (RouteException e) {
                throw ApiException.validation("X-Forwarded-Host", e.getMessage());
            }
            if ((match != null && match.route().isPublic()) || (match == null && routes.unmappedAllowed() && !production)) {
                return Uni.createFrom().item(Answer.PUBLIC);
            }
            return endUser(authorization, space, namedMember).flatMap(actor -> {
                String target = original.method() + " " + path.path();
                Map<String, String> origin = origin(original);
                Uni<Decision> decision;
                if (match == null) {
                    decision = authz.denyBeforeEngine(actor, GATEWAY_RESOURCE_TYPE, target, "forward", DenyCode.ROUTE_NOT_MAPPED,
                            "no gateway route of the space maps this request", origin);
                } else if (!space.equals(actor.spaceId())) {
                    decision = authz.denyBeforeEngine(actor, match.route().resourceType(), target, match.route().action(),
                            DenyCode.CROSS_SPACE_VIOLATION, actor.actsAsService() ? "the key's service is not in the route's space"
                                    : "the session's active member is not in the route's space", origin);
                } else if (match.resourceId() == null) {
                    decision = authz.denyBeforeEngine(actor, match.route().resourceType(), target, match.route().action(),
                            DenyCode.RESOURCE_NOT_FOUND, "the request does not name the route's resource id", origin);
                } else {
                    decision = authz.decideFor(actor, match.route().resourceType(), match.resourceId(), match.route().action(), origin);
                }
                return decision.map(d -> new Answer(d, actor));
            });
        });
    }

    /**
     * The gateway's request as the audit row keeps it: method, host and URI, the values of the query
     * parameters named in {@code PLYSTRA_GATEWAY_REDACT_QUERY} replaced by {@code REDACTED}.
     */
    Map<String, String> origin(OriginalRequest original) {
        String uri = original.uri();
        int q = uri.indexOf('?');
        if (q >= 0) {
            StringBuilder kept = new StringBuilder(uri.substring(0, q + 1));
            String[] pairs = uri.substring(q + 1).split("&", -1);
            for (int i = 0; i < pairs.length; i++) {
                int eq = pairs[i].indexOf('=');
                String name = eq < 0 ? pairs[i] : pairs[i].substring(0, eq);
                String decoded;
                try {
                    decoded = java.net.URLDecoder.decode(name, java.nio.charset.StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    decoded = name;
                }
                boolean secret = redacted.contains(decoded.toLowerCase(Locale.ROOT));
                kept.append(i == 0 ? "" : "&").append(secret && eq >= 0 ? name + "=REDACTED" : pairs[i]);
            }
            uri = kept.toString();
        }
        Map<String, String> origin = new java.util.LinkedHashMap<>();
        origin.put("method", original.method());
        origin.put("host", original.host());
        origin.put("uri", uri.length() > 1024 ? uri.substring(0, 1024) : uri);
        return origin;
    }

    /**
     * The end user of the gateway's request: a Plystra session's active actor, a service (its own key,
     * {@code ply_svc_...}), or for a JWT of a configured issuer, its user's binding in the route's space.
     * 401 for anything else (an unknown, revoked or expired key among them).
     */
    private Uni<ActorRef> endUser(String authorization, String space, String namedMember) {
        String token = authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? null
                : authorization.substring(7).trim();
        if (token != null && !token.startsWith("ply_") && jwt.configured()) {
            JwtIssuers.Subject subject = jwt.verify(token);
            return actors.of(subject, space, namedMember == null || namedMember.isBlank() ? null : namedMember.trim())
                    .map(actor -> {
                        if (actor == null) {
                            throw new ApiException(ErrorCode.AUTHENTICATION_REQUIRED,
                                    "the token's user has no active binding in the route's space");
                        }
                        return actor;
                    });
        }
        boolean serviceKey = token != null && token.startsWith(Caller.SERVICE_KEY_PREFIX);
        return authenticator.authenticate(authorization, !serviceKey).map(user -> {
            Caller.Actor a = user.actor();
            if (a == null) {
                throw new ApiException(ErrorCode.AUTHENTICATION_REQUIRED, "the end user's session has no active member");
            }
            if (a.serviceId() != null) {
                return ActorRef.ofService(a.serviceId(), a.memberId(), a.spaceId());
            }
            return new ActorRef(a.userId(), a.memberId(), a.userMemberId(), a.spaceId());
        });
    }

    /**
     * The space whose routes answer: the one where the gateway's key holds {@code authz:check}, or
     * the one {@code X-Plystra-Space-Id} names among them (required when the key holds it in several
     * spaces or instance-wide).
     */
    String gatewaySpace(String named) {
        Caller gateway = request.caller();
        String permission = request.permission();
        if (named != null && !named.isBlank()) {
            request.requireIn(named.trim());
            return named.trim();
        }
        Set<String> spaces = gateway.instanceWide(permission) ? Set.of() : gateway.spacesWith(permission);
        if (spaces.size() != 1) {
            throw ApiException.validation(SPACE_HEADER, "is required: the gateway's key holds " + permission
                    + (spaces.isEmpty() ? " instance-wide" : " in " + spaces.size() + " spaces"));
        }
        return spaces.iterator().next();
    }

    /** The request the gateway holds; {@code uriHeader} names where the URI came from, for a 400. */
    public record OriginalRequest(String method, String host, String uri, String uriHeader) {

        /**
         * From the headers NGINX, Caddy, Traefik and ingress-nginx send; {@code ownMethod} when none
         * names the method. A gateway passes the client's own headers along, so a client could send
         * the other family with another request in it: two headers that name the method, the URI or
         * the host differently are refused (400), never one preferred. Without a host header the
         * request has no host (only routes without {@code host} match it).
         */
        static OriginalRequest of(HttpHeaders headers, String ownMethod) {
            String method = agreed("X-Forwarded-Method", "method", value(headers, "X-Forwarded-Method"), value(headers, "X-Original-Method"));
            String url = value(headers, "X-Original-URL");
            String urlPath = null;
            String urlHost = null;
            if (url != null) {
                // ingress-nginx sends the whole URL: its path and query are the URI, its authority the host.
                try {
                    java.net.URI parsed = new java.net.URI(url);
                    if (parsed.getRawPath() == null || parsed.getRawPath().isEmpty() || parsed.getRawAuthority() == null) {
                        throw new java.net.URISyntaxException(url, "no authority or path");
                    }
                    urlPath = parsed.getRawPath() + (parsed.getRawQuery() == null ? "" : "?" + parsed.getRawQuery());
                    urlHost = parsed.getRawAuthority();
                } catch (java.net.URISyntaxException e) {
                    throw ApiException.validation("X-Original-URL", "is no absolute URL");
                }
            }
            String uri = agreed("X-Forwarded-Uri", "URI", value(headers, "X-Forwarded-Uri"), value(headers, "X-Original-URI"), urlPath);
            if (uri == null) {
                throw ApiException.validation("X-Forwarded-Uri",
                        "is required (or X-Original-URI, or X-Original-URL): the URI of the request to decide");
            }
            String uriHeader = value(headers, "X-Forwarded-Uri") != null ? "X-Forwarded-Uri"
                    : value(headers, "X-Original-URI") != null ? "X-Original-URI" : "X-Original-URL";
            String host = agreed("X-Forwarded-Host", "host", value(headers, "X-Forwarded-Host"), value(headers, "X-Original-Host"), urlHost);
            return new OriginalRequest((method == null ? ownMethod : method).toUpperCase(Locale.ROOT), host, uri, uriHeader);
        }

        private static String value(HttpHeaders headers, String name) {
            String value = headers.getHeaderString(name);
            return value == null || value.isBlank() ? null : value.trim();
        }

        /** The one value the given headers agree on, or null when none is set; 400 when two differ. */
        private static String agreed(String field, String what, String... values) {
            String agreed = null;
            for (String v : values) {
                if (v != null && agreed != null && !agreed.equals(v)) {
                    throw ApiException.validation(field, "names another " + what + " than the gateway's other header: "
                            + "the request to decide is ambiguous");
                }
                agreed = agreed == null ? v : agreed;
            }
            return agreed;
        }
    }

}
