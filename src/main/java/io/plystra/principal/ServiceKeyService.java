package io.plystra.principal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.plystra.audit.AuditedWrite;
import io.plystra.audit.Mutation;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.Caller;
import io.plystra.kernel.Ids;
import io.plystra.kernel.Page;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.RequestContext;
import io.plystra.kernel.Status;
import io.plystra.kernel.Timestamps;
import io.plystra.session.TokenHasher;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * A service's keys ({@code ply_svc_<64 hex>}): the key is answered once and stored as its HMAC
 * ({@link TokenHasher}, as API keys); {@code expires_at} optional; revoked, never deleted. A key is the
 * service's credential: it carries no admin permission, whoever made it. Only a user session makes one
 * (an API key cannot mint a credential that outlives it). The service is reached as
 * {@link ServicePrincipalService} reaches it (404 out of the caller's reach).
 */
@ApplicationScoped
public class ServiceKeyService {

    static final int MAX_NAME = 200;
    /** What is kept of the key in clear: its prefix and 8 hex, to recognise it in a list. */
    static final int PREFIX_LENGTH = Caller.SERVICE_KEY_PREFIX.length() + 8;

    @Inject
    ServicePrincipalService services;
    @Inject
    ServiceKeyRepository keys;
    @Inject
    AuditedWrite writes;
    @Inject
    TokenHasher tokens;
    @Inject
    RequestContext request;

    @WithSession
    public Uni<Page<ServiceKeyView>> list(String serviceId, PageRequest page, String status) {
        return services.visible(serviceId).flatMap(s -> keys.page(page, s.id, status))
                .map(rows -> Page.of(rows, page.limit(), k -> k.createdAt, k -> k.id, ServiceKeyView::of));
    }

    @WithSession
    public Uni<ServiceKeyView> get(String serviceId, String keyId) {
        return find(serviceId, keyId).map(ServiceKeyView::of);
    }

    @WithTransaction
    public Uni<ServiceKeyView> create(String serviceId, ServiceKeyCreate body) {
        return services.visible(serviceId).flatMap(s -> {
            request.requireUserSession("create service keys");
            if (body == null || body.name() == null || body.name().isBlank() || body.name().trim().length() > MAX_NAME
                    || body.name().chars().anyMatch(Character::isISOControl)) {
                throw ApiException.validation("name", "is required: 1 to " + MAX_NAME + " characters, no control characters");
            }
            Instant now = request.now();
            Instant expiresAt = Timestamps.parse(body.expiresAt(), "expires_at");
            if (expiresAt != null) {
                expiresAt = expiresAt.truncatedTo(ChronoUnit.MICROS);
                if (!expiresAt.isAfter(now)) {
                    throw ApiException.validation("expires_at", "must be in the future");
                }
            }
            String plainKey = TokenHasher.newToken(Caller.SERVICE_KEY_PREFIX);
            ServiceKey k = new ServiceKey();
            k.id = Ids.givenOrNew(body.id(), "skey");
            k.serviceId = s.id;
            k.spaceId = s.spaceId;
            k.name = body.name().trim();
            k.keyHash = tokens.hash(plainKey);
            k.keyPrefix = plainKey.substring(0, PREFIX_LENGTH);
            k.status = Status.ACTIVE;
            k.expiresAt = expiresAt;
            k.createdByUserId = request.caller().userId();
            k.createdAt = now;
            k.updatedAt = now;
            // The audit row records the key without its secret; only the answer carries it.
            return writes.commit(keys.persistAndFlush(k), changed(k, "created")).map(view -> view.withKey(plainKey));
        });
    }

    @WithTransaction
    public Uni<ServiceKeyView> revoke(String serviceId, String keyId) {
        return find(serviceId, keyId).flatMap(k -> {
            if (k.status != Status.ACTIVE) {
                return Uni.createFrom().item(ServiceKeyView.of(k));
            }
            k.status = Status.REVOKED;
            k.revokedAt = request.now();
            k.updatedAt = k.revokedAt;
            return writes.commit(keys.flush(), changed(k, "revoked"));
        });
    }

    private Uni<ServiceKey> find(String serviceId, String keyId) {
        return services.visible(serviceId).flatMap(s -> {
            if (!Ids.wellFormed(keyId)) {
                return Uni.createFrom().failure(ApiException.notFound("service_key", String.valueOf(keyId)));
            }
            return keys.ofService(s.id, keyId).onItem().ifNull().failWith(() -> ApiException.notFound("service_key", keyId));
        });
    }

    private static Mutation<ServiceKeyView> changed(ServiceKey k, String verb) {
        return new Mutation<>("service_key", verb, k.id, k.spaceId, ServiceKeyView.of(k));
    }
}
