package io.plystra.grpc;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.BoolValue;

import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.service.auth.v3.DeniedHttpResponse;
import io.envoyproxy.envoy.service.auth.v3.OkHttpResponse;
import io.envoyproxy.envoy.type.v3.HttpStatus;
import io.envoyproxy.envoy.type.v3.StatusCode;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.plystra.gateway.ForwardService;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.ApiResponse;
import io.plystra.kernel.CallAccess;
import io.plystra.kernel.ErrorCode;
import io.plystra.kernel.ErrorMapper;
import io.plystra.kernel.RequestIds;
import io.plystra.kernel.RequestInfo;
import io.plystra.kernel.Requires;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/**
 * Envoy's external authorization ({@code envoy.service.auth.v3.Authorization/Check}), on Envoy's own
 * generated protos: the forward-auth decision of {@link ForwardService} for the request Envoy holds
 * ({@code attributes.request.http}: method, host, path with its query, headers).
 * <p>
 * The gateway (Envoy, Istio) authenticates with its API key in the call metadata
 * {@code x-plystra-gateway-key} (Envoy's {@code initial_metadata}), holding {@code authz:check};
 * {@code x-plystra-space-id} names its space when the key holds the permission in several. A
 * header of the original request is never taken for either: those come from the end user. The end
 * user's credential is the original request's {@code authorization} header.
 * <p>
 * Answers: status OK with an {@code OkHttpResponse} that sets the identity headers for the upstream
 * (and removes any the end user sent); a deny, a missing end-user credential or a malformed request
 * as a {@code DeniedHttpResponse} (403, 401 with {@code WWW-Authenticate: Bearer}, 400) with the
 * error envelope as body. A refused gateway key, or Plystra unable to decide, is a gRPC error
 * (UNAUTHENTICATED, PERMISSION_DENIED, UNAVAILABLE), which Envoy with {@code failure_mode_allow:
 * false} refuses. Nothing unknown or malformed is ever an OK.
 */
@GrpcService
public class EnvoyExtAuthz extends AuthorizationGrpc.AuthorizationImplBase {

    static final String GATEWAY_KEY = Requires.GATEWAY_KEY.toLowerCase(Locale.ROOT);
    static final String SPACE = "x-plystra-space-id";
    static final String PERMISSION = "authz:check";

    static final String DENY_CODE = "x-plystra-deny-code";

    @Inject
    CallMetadata call;
    @Inject
    CallAccess access;
    @Inject
    ForwardService forward;
    @Inject
    ObjectMapper json;

    @Override
    public void check(CheckRequest request, StreamObserver<CheckResponse> answer) {
        RequestInfo info = call.info();
        String key = call.get(GATEWAY_KEY);
        String space = call.get(SPACE);
        Uni.createFrom().deferred(() -> access.admit(info, gatewayCredential(key), PERMISSION))
                .flatMap(gateway -> Uni.createFrom().deferred(() -> decide(request, space))
                        .onFailure(EnvoyExtAuthz::aboutTheRequest).recoverWithItem(e -> denied((ApiException) e, info.requestId())))
                .subscribe().with(response -> {
                    answer.onNext(response);
                    answer.onCompleted();
                }, failure -> answer.onError(GrpcErrors.of(failure, info.requestId())));
    }

    private static String gatewayCredential(String key) {
        if (key == null || key.isBlank()) {
            throw new ApiException(ErrorCode.AUTHENTICATION_REQUIRED,
                    "the gateway's API key is required in the call metadata " + GATEWAY_KEY);
        }
        return "Bearer " + key.trim();
    }

    /** A refusal of the original request (4xx), answered to Envoy as a denied response; 5xx stays a gRPC error. */
    private static boolean aboutTheRequest(Throwable e) {
        return e instanceof ApiException api && api.status() >= 400 && api.status() < 500;
    }

    private Uni<CheckResponse> decide(CheckRequest request, String space) {
        AttributeContext.HttpRequest http = request.getAttributes().getRequest().getHttp();
        if (http.getMethod().isBlank()) {
            throw ApiException.validation("attributes.request.http.method", "is required");
        }
        if (http.getPath().isBlank()) {
            throw ApiException.validation("attributes.request.http.path", "is required");
        }
        String host = http.getHost().isBlank() ? header(http, ":authority") : http.getHost().trim();
        var original = new ForwardService.OriginalRequest(http.getMethod().trim().toUpperCase(Locale.ROOT), host,
                http.getPath().trim(), "attributes.request.http.path");
        return forward.forward(original, header(http, "authorization"), space).map(this::allowed);
    }

    /** A header of the original request: Envoy sends them lower-cased, in {@code headers} or (raw) in {@code header_map}. */
    static String header(AttributeContext.HttpRequest http, String name) {
        String value = http.getHeadersMap().get(name);
        if (value != null) {
            return value;
        }
        for (HeaderValue h : http.getHeaderMap().getHeadersList()) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue().isEmpty() ? h.getRawValue().toString(StandardCharsets.UTF_8) : h.getValue();
            }
        }
        return null;
    }

    private CheckResponse allowed(ForwardService.Answer a) {
        Map<String, String> headers = a.upstreamHeaders();
        OkHttpResponse.Builder ok = OkHttpResponse.newBuilder().addHeadersToRemove(DENY_CODE);
        headers.forEach((name, value) -> ok.addHeaders(set(name.toLowerCase(Locale.ROOT), value)));
        for (String name : ForwardService.Answer.IDENTITY) {
            if (!headers.containsKey(name)) {
                ok.addHeadersToRemove(name.toLowerCase(Locale.ROOT));
            }
        }
        return CheckResponse.newBuilder().setStatus(rpcStatus(Status.Code.OK, "allow")).setOkResponse(ok).build();
    }

    /** The refusal Envoy answers the end user: the status, the error envelope, and the headers REST forward-auth sends. */
    private CheckResponse denied(ApiException e, String requestId) {
        String body;
        try {
            body = json.writeValueAsString(ApiResponse.error(e.code(), e.getMessage(), e.details(), requestId));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
        StatusCode status = StatusCode.forNumber(e.status());
        DeniedHttpResponse.Builder denied = DeniedHttpResponse.newBuilder()
                .setStatus(HttpStatus.newBuilder().setCode(status == null ? StatusCode.Forbidden : status)).setBody(body)
                .addHeaders(set("content-type", "application/json"))
                .addHeaders(set(RequestIds.HEADER.toLowerCase(Locale.ROOT), requestId));
        ErrorMapper.headers(e).forEach((name, value) -> denied.addHeaders(set(name.toLowerCase(Locale.ROOT), value)));
        return CheckResponse.newBuilder().setStatus(rpcStatus(GrpcErrors.code(e.status()), e.code() + ": " + e.getMessage()))
                .setDeniedResponse(denied).build();
    }

    private static com.google.rpc.Status rpcStatus(Status.Code code, String message) {
        return com.google.rpc.Status.newBuilder().setCode(code.value()).setMessage(message).build();
    }

    /**
     * A header that replaces any of the same name. {@code append: false} is the one spelling every
     * Envoy version reads as "overwrite or add" in ext_authz answers (the newer {@code append_action}
     * is ignored by older ones).
     */
    @SuppressWarnings("deprecation")
    private static HeaderValueOption set(String name, String value) {
        return HeaderValueOption.newBuilder().setHeader(HeaderValue.newBuilder().setKey(name).setValue(value))
                .setAppend(BoolValue.of(false)).build();
    }
}
