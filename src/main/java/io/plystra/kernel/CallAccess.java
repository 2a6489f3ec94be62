package io.plystra.kernel;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;

/**
 * The gate of a call that does not arrive through a REST route (the gRPC services): what
 * {@link AccessFilter} does for a route declaring {@code @Requires(permission)} with scope
 * {@link Requires.Scope#SOME_SPACE}. Authenticates the credential through the {@link Authenticator},
 * refuses a caller holding the permission nowhere, and fills the {@link RequestContext}, so the
 * services behind narrow exactly as they do for REST. Must run on the call's own (duplicated) Vert.x
 * context, where the request context lives.
 */
@Singleton
public class CallAccess {

    @Inject
    Authenticator authenticator;
    @Inject
    RequestContext request;

    /**
     * @param info          the call's id, client address and user agent
     * @param authorization the credential in {@code Authorization} form ({@code Bearer <token or API key>}), or null
     * @param permission    the admin permission the call needs somewhere ({@code authz:check})
     * @return the caller; fails with 401 without a usable credential, 403 without the permission
     */
    public Uni<Caller> admit(RequestInfo info, String authorization, String permission) {
        return admit(info, authorization, permission, false);
    }

    /**
     * As {@link #admit(RequestInfo, String, String)}; {@code serviceKeys}: a service's own key is admitted
     * too (as {@link Requires#serviceKeys()} admits it to a route), the service behind narrowing it to itself.
     */
    public Uni<Caller> admit(RequestInfo info, String authorization, String permission, boolean serviceKeys) {
        return authenticator.authenticate(authorization, false).map(caller -> {
            if (caller.isService()) {
                if (!serviceKeys) {
                    throw AccessFilter.serviceKeyRefused(permission);
                }
            } else if (!caller.holdsAnywhere(permission)) {
                throw ApiException.adminPermissionRequired(permission);
            }
            request.begin(info, caller, permission);
            return caller;
        });
    }
}
