package io.plystra.session.apikey;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.audit.MutationAudit;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.ErrorCode;
import io.plystra.kernel.DatabaseErrors;
import io.plystra.kernel.Ids;
import io.plystra.kernel.Page;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.RequestInfo;
import io.plystra.kernel.Timestamps;
import io.plystra.kernel.AdminGrant;
import io.plystra.kernel.Caller;
import io.plystra.identity.ReferenceRepository;
import io.plystra.session.ScopedPage;
import io.plystra.session.TokenHasher;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * API keys: created with a subset of the creator's own permission keys, in one space or instance-wide;
 * the key is answered once and stored as its HMAC. The creator must hold each key at the level the
 * key acts at ({@link ApiKeyAuthenticator#mayCarry}), so a key is never stronger than its creator.
 */
@ApplicationScoped
public class ApiKeyService {

    static final Set<String> STATUSES = Set.of("active", "revoked");
    static final int MAX_PERMISSION_KEYS = 32;

    private final ApiKeyRepository keys;
    private final MutationAudit audit;
    private final TokenHasher tokens;

    public ApiKeyService(ApiKeyRepository keys, MutationAudit audit, TokenHasher tokens) {
        this.keys = keys;
        this.audit = audit;
        this.tokens = tokens;
    }

    @WithSession
    public Uni<Page<ApiKeyView>> list(Caller caller, PageRequest page, String status) {
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.validation("status", "must be one of " + STATUSES);
        }
        Set<String> only = caller.instanceWide("api_keys:read") ? null : caller.spacesWith("api_keys:read");
        Map<String, String> equalTo = new HashMap<>();
        equalTo.put("status", status);
        return ScopedPage.find(keys, page, only, equalTo)
                .map(rows -> Page.of(rows, page.limit(), k -> k.createdAt, k -> k.id, ApiKeyView::of));
    }

    @WithSession
    public Uni<ApiKeyView> get(Caller caller, String id) {
        return find(id).map(k -> {
            caller.require("api_keys:read", k.spaceId);
            return ApiKeyView.of(k);
        });
    }

    @WithTransaction
    public Uni<ApiKeyView> create(Caller caller, RequestInfo request, ApiKeyCreate body) {
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
        Instant expiresAt = parseExpiry(body.expiresAt(), problems);
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        String spaceId = body.spaceId();
        caller.require("api_keys:manage", spaceId);
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
        k.status = "active";
        k.expiresAt = expiresAt;
        k.createdByUserId = caller.userId();
        k.createdAt = now();
        k.updatedAt = k.createdAt;
        Uni<Boolean> spaceKnown = spaceId == null ? Uni.createFrom().item(true) : ReferenceRepository.spaceExists(spaceId);
        return spaceKnown.flatMap(known -> {
            if (!known) {
                throw ApiException.validation("space_id", "no such space");
            }
            return keys.persistAndFlush(k);
        })
                .onFailure(DatabaseErrors::uniqueViolation)
                .transform(e -> ApiException.conflict("api_key", "an API key with this id exists"))
                .flatMap(saved -> audit.record(caller, request, "api_key", "created", k.id, k.spaceId, ApiKeyView.of(k)))
                .replaceWith(() -> ApiKeyView.of(k).withKey(plainKey));
    }

    @WithTransaction
    public Uni<ApiKeyView> revoke(Caller caller, RequestInfo request, String id) {
        return find(id).flatMap(k -> {
            caller.require("api_keys:manage", k.spaceId);
            if (!"active".equals(k.status)) {
                return Uni.createFrom().item(ApiKeyView.of(k));
            }
            k.status = "revoked";
            k.revokedAt = now();
            k.updatedAt = k.revokedAt;
            return keys.flush()
                    .flatMap(v -> audit.record(caller, request, "api_key", "revoked", k.id, k.spaceId, ApiKeyView.of(k)))
                    .replaceWith(() -> ApiKeyView.of(k));
        });
    }

    private Uni<ApiKey> find(String id) {
        if (!Ids.wellFormed(id)) {
            return Uni.createFrom().failure(ApiException.notFound("api_key", String.valueOf(id)));
        }
        return keys.findById(id).onItem().ifNull().failWith(() -> ApiException.notFound("api_key", id));
    }

    private static Instant parseExpiry(String text, Map<String, String> problems) {
        if (text == null) {
            return null;
        }
        Instant at = Timestamps.parse(text, "expires_at").truncatedTo(ChronoUnit.MICROS);
        if (!at.isAfter(Instant.now())) {
            problems.put("expires_at", "must be in the future");
        }
        return at;
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
