package io.plystra.kernel;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * The gate of every REST route, before its method runs: reads the route's declaration
 * ({@link Public}, {@link SessionOnly} or {@link Requires}), authenticates the caller through the
 * {@link Authenticator}, checks the declared permission where it must hold, and fills the
 * {@link RequestContext}. A route without a declaration is refused (ArchitectureTest keeps there being none).
 */
public class AccessFilter {

    @Inject
    Authenticator authenticator;
    @Inject
    RequestContext request;
    private final Map<Method, Route> routes = new ConcurrentHashMap<>();

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Uni<Void> authorize(ResourceInfo resource, RoutingContext ctx, UriInfo uri, HttpHeaders headers) {
        Route route = routes.computeIfAbsent(resource.getResourceMethod(), m -> Route.of(m, resource.getResourceClass()));
        RequestInfo info = RequestInfo.of(ctx);
        if (route.access() == Access.PUBLIC) {
            request.begin(info, null, null);
            return Uni.createFrom().voidItem();
        }
        if (route.access() == Access.UNDECLARED) {
            return Uni.createFrom().failure(ApiException.adminPermissionRequired("undeclared"));
        }
        boolean sessionOnly = route.access() == Access.SESSION;
        return authenticator.authenticate(route.credential(headers), sessionOnly).map(caller -> {
            if (caller.isService()) {
                if (!route.serviceKeys()) {
                    throw serviceKeyRefused(route.permission());
                }
            } else if (!sessionOnly && !route.permits(caller, name -> uri.getPathParameters().getFirst(name))) {
                throw ApiException.adminPermissionRequired(route.permission());
            }
            request.begin(info, caller, route.permission());
            return null;
        });
    }

    /** 403 for a service key on a route that does not take one ({@link Requires#serviceKeys()}). */
    static ApiException serviceKeyRefused(String permission) {
        return new ApiException(ErrorCode.ADMIN_PERMISSION_REQUIRED,
                "a service key may only ask check and explain about its own service; this route needs the admin permission "
                        + permission, Map.of("permission", permission));
    }

    enum Access { PUBLIC, SESSION, ADMIN, UNDECLARED }

    /** A route's declaration, read once per resource method. */
    record Route(Access access, String permission, Requires.Scope scope, String spaceParam, String credentialHeader,
                 boolean serviceKeys) {

        static Route of(Method method, Class<?> type) {
            if (method.isAnnotationPresent(Public.class) || (!declared(method) && type.isAnnotationPresent(Public.class))) {
                return new Route(Access.PUBLIC, null, null, null, null, false);
            }
            if (method.isAnnotationPresent(SessionOnly.class)
                    || (!declared(method) && type.isAnnotationPresent(SessionOnly.class))) {
                return new Route(Access.SESSION, null, null, null, HttpHeaders.AUTHORIZATION, false);
            }
            Requires requires = method.isAnnotationPresent(Requires.class) ? method.getAnnotation(Requires.class)
                    : type.getAnnotation(Requires.class);
            if (requires == null) {
                return new Route(Access.UNDECLARED, null, null, null, null, false);
            }
            return new Route(Access.ADMIN, requires.value(), requires.scope(), requires.spaceParam(), requires.credentialHeader(),
                    requires.serviceKeys());
        }

        /** The caller's credential in {@code Authorization} form; a gateway key must be there. */
        String credential(HttpHeaders headers) {
            String value = headers.getHeaderString(credentialHeader);
            if (credentialHeader.equalsIgnoreCase(HttpHeaders.AUTHORIZATION)) {
                return value;
            }
            if (value == null || value.isBlank()) {
                throw new ApiException(ErrorCode.AUTHENTICATION_REQUIRED, "the gateway's API key is required in " + credentialHeader);
            }
            return "Bearer " + value.trim();
        }

        private static boolean declared(Method method) {
            return method.isAnnotationPresent(Public.class) || method.isAnnotationPresent(SessionOnly.class)
                    || method.isAnnotationPresent(Requires.class);
        }

        /** Whether the caller holds the permission where the route needs it; {@code pathParam} reads the matched path. */
        boolean permits(Caller caller, UnaryOperator<String> pathParam) {
            return switch (scope) {
                case INSTANCE -> caller.instanceWide(permission);
                case SOME_SPACE -> caller.holdsAnywhere(permission);
                case SPACE -> caller.holdsIn(permission, space(pathParam));
                case GROUP -> caller.holdsWithin(permission, space(pathParam));
            };
        }

        private String space(UnaryOperator<String> pathParam) {
            String space = pathParam.apply(spaceParam);
            if (space == null) {
                throw new IllegalStateException("route declares space parameter " + spaceParam + " but has none");
            }
            return space;
        }
    }
}
