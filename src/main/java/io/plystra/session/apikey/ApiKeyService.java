package io.plystra.session.apikey;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.plystra.audit.AuditedWrite;
import io.plystra.audit.Mutation;
import io.plystra.identity.ReferenceRepository;
import io.plystra.kernel.AdminGrant;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.Caller;
import io.plystra.kernel.ErrorCode;
import io.plystra.kernel.Ids;
import io.plystra.kernel.Page;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.RequestContext;
import io.plystra.kernel.Status;
import io.plystra.kernel.Timestamps;
import io.plystra.session.ApiKeyAuthenticator;
import io.plystra.session.TokenHasher;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * API keys: created with a subset of the creator's own permission keys, in one space or instance-wide;
 * the key is answered once and stored as its HMAC. The creator must hold each key at the level the
 * key acts at ({@link ApiKeyAuthenticator#mayCarry}), so a key is never stronger than its creator.
 * The route's permission ({@code @Requires} on {@link ApiKeyResource}) is checked before these run;
 * lists narrow to the caller's spaces, single keys to their space.
 */
@ApplicationScoped
public class ApiKeyService {

    static final int MAX_PERMISSION_KEYS = 32;

    @Inject
    ApiKeyRepository keys;
    @Inject
    AuditedWrite writes;
    @Inject
    TokenHasher tokens;
    @Inject
    RequestContext request;

    @WithSession
    public Uni<Page<ApiKeyView>> list(PageRequest page, String status) {
        return keys.page(page, request.onlySpaces(), status)
                .map(rows -> Page.of(rows, page.limit(), k -> k.createdAt, k -> k.id, ApiKeyView::of));
    }

    @WithSession
    public Uni<ApiKeyView> get(String id) {
        return visible(id).map(ApiKeyView::of);
    }

    @WithTransaction
    public Uni<ApiKeyView> create(ApiKeyCreate body) {
        // A key minted by a key would outlive its parent's expiry and revocation.
        request.requireUserSession("create API keys");
        if (body == null) {
            throw ApiException.validation("body", "must be a JSON object with name and permission_keys");
        }
        Map<String, String> problems = new LinkedHashMap<>();
        if (body.name() == null || body.name().isBlank() || body.name().length() > 200
                || body.name().chars().anyMatch(Character::isISOControl)) {
            problems.put("name", "is required: 1 to 200 characters, no control characters");
        }
        if (body.spaceId() != null && !Ids.wellFormed(body.spaceId())) {
            problems.put("space_id", "no such space");
        }
        Set<String> permissionKeys = new LinkedHashSet<>();
        if (body.permissionKeys() == null || body.permissionKeys().isEmpty() || body.permissionKeys().size() > MAX_PERMISSION_KEYS) {
            problems.put("permission_keys", "must list 1 to " + MAX_PERMISSION_KEYS + " permission keys");
        } else {
            for (String key : body.permissionKeys()) {
                if (!AdminGrant.wellFormedKey(key)) {
                    problems.put("permission_keys", "each must be " + AdminGrant.KEY_FORMAT);
                }
                permissionKeys.add(key);
            }
        }
        Instant now = request.now();
        Instant expiresAt = parseExpiry(body.expiresAt(), now, problems);
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        String spaceId = body.spaceId();
        request.requireIn(spaceId);
        Caller caller = request.caller();
        String level = ApiKeyAuthenticator.levelOf(spaceId);
        for (String key : permissionKeys) {
            if (!ApiKeyAuthenticator.mayCarry(caller, key, spaceId)) {
                throw new ApiException(ErrorCode.ADMIN_PERMISSION_REQUIRED, "a key acts at " + level + " level: it may carry "
                        + key + " only for a creator holding it through a " + level + " grant or a broader one",
                        Map.of("permission", key, "level", level));
            }
        }
        String plainKey = TokenHasher.newToken("ply_key_");
        ApiKey k = new ApiKey();
        k.id = Ids.givenOrNew(body.id(), "key");
        k.name = body.name().trim();
        k.keyHash = tokens.hash(plainKey);
        k.keyPrefix = plainKey.substring(0, "ply_key_".length() + 8);
        k.permissionKeys = permissionKeys.toArray(String[]::new);
        k.spaceId = spaceId;
        k.status = Status.ACTIVE;
        k.expiresAt = expiresAt;
        k.createdByUserId = caller.userId();
        k.createdAt = now;
        k.updatedAt = k.createdAt;
        Uni<Boolean> spaceKnown = spaceId == null ? Uni.createFrom().item(true) : ReferenceRepository.spaceExists(spaceId);
        Uni<ApiKey> write = spaceKnown.flatMap(known -> {
            if (!known) {
                throw ApiException.validation("space_id", "no such space");
            }
            return keys.persistAndFlush(k);
        });
        // The audit row records the key without its secret; only the answer carries it.
        return writes.commit(write, changed(k, "created")).map(view -> view.withKey(plainKey));
    }

    @WithTransaction
    public Uni<ApiKeyView> revoke(String id) {
        return visible(id).flatMap(k -> {
            if (k.status != Status.ACTIVE) {
                return Uni.createFrom().item(ApiKeyView.of(k));
            }
            k.status = Status.REVOKED;
            k.revokedAt = request.now();
            k.updatedAt = k.revokedAt;
            return writes.commit(keys.flush(), changed(k, "revoked"));
        });
    }

    /** The key, if the route's permission holds in its space; a key out of reach is as unknown (404). */
    private Uni<ApiKey> visible(String id) {
        return find(id).invoke(k -> request.requireVisibleIn(k.spaceId, "api_key", id));
    }

    private Uni<ApiKey> find(String id) {
        if (!Ids.wellFormed(id)) {
            return Uni.createFrom().failure(ApiException.notFound("api_key", String.valueOf(id)));
        }
        return keys.findById(id).onItem().ifNull().failWith(() -> ApiException.notFound("api_key", id));
    }

    private static Instant parseExpiry(String text, Instant now, Map<String, String> problems) {
        if (text == null) {
            return null;
        }
        Instant at = Timestamps.parse(text, "expires_at").truncatedTo(ChronoUnit.MICROS);
        if (!at.isAfter(now)) {
            problems.put("expires_at", "must be in the future");
        }
        return at;
    }

    private static Mutation<ApiKeyView> changed(ApiKey k, String verb) {
        return new Mutation<>("api_key", verb, k.id, k.spaceId, ApiKeyView.of(k));
    }
}
