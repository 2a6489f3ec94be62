package io.plystra.session;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.plystra.kernel.ApiException;
import io.plystra.kernel.Caller;
import io.plystra.kernel.ErrorCode;
import io.smallrye.mutiny.Uni;

/**
 * The caller behind {@code Authorization: Bearer ply_svc_...}: the service the key belongs to, acting as
 * that service's member in its space, with no user and no admin grant ({@link Caller#isService()}). One
 * indexed lookup when the caller is not cached, no write ({@link ApiKeyUsage} batches {@code last_used_at}).
 * Only the key is judged here: a disabled service (or its disabled member) still authenticates, and every
 * decision it asks for is a deny ({@code SERVICE_INACTIVE}, {@code ACTOR_MEMBER_INACTIVE}), audited.
 */
@ApplicationScoped
public class ServiceKeyAuthenticator {

    @Inject
    CredentialRepository credentials;
    @Inject
    ApiKeyUsage usage;

    /** 401 when the key is unknown, revoked or expired. */
    public Uni<Authenticated> callerFor(String keyHash, Instant now) {
        return credentials.serviceKeyByHash(keyHash).map(k -> {
            if (k == null) {
                throw ApiException.authenticationRequired();
            }
            Instant expires = k.expiresAt();
            if (!"active".equals(k.status()) || (expires != null && !expires.isAfter(now))) {
                throw new ApiException(ErrorCode.AUTHENTICATION_REQUIRED, "this service key is revoked or expired");
            }
            usage.touchServiceKey(k.id(), now);
            Caller.Actor service = new Caller.Actor(null, k.memberId(), null, k.spaceId(), k.serviceId());
            return new Authenticated(new Caller(null, k.id(), null, null, service, List.of()), expires);
        });
    }
}
