package io.plystra.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.plystra.kernel.ApiException;
import io.plystra.kernel.ErrorCode;
import io.plystra.kernel.AdminGrant;
import io.plystra.kernel.Caller;
import io.smallrye.mutiny.Uni;

/**
 * The caller behind {@code Authorization: Bearer ply_key_...}: grants made from the key's permission
 * keys (in its space, or instance-wide when it has none, never super admin) that its creator still
 * holds, acting for the user who created it, with no actor. Two indexed lookups (the key, the
 * creator's active grants) when the caller is not cached, no write ({@link ApiKeyUsage}).
 */
@ApplicationScoped
public class ApiKeyAuthenticator {

    @Inject
    CredentialRepository credentials;
    @Inject
    ApiKeyUsage usage;
    @Inject
    SessionRepository sessions;

    /** The level a key's grants act at: {@code space_admin} in its space, {@code instance_admin} without one. */
    public static String levelOf(String spaceId) {
        return spaceId == null ? AdminGrant.INSTANCE_ADMIN : AdminGrant.SPACE_ADMIN;
    }

    /**
     * Whether a key of {@code spaceId} made by {@code creator} may carry {@code permission}: the
     * creator holds it there through a grant of the key's level or a broader one.
     */
    public static boolean mayCarry(Caller creator, String permission, String spaceId) {
        return creator.holdsAtLevel(permission, spaceId, levelOf(spaceId));
    }

    /**
     * 401 when the key is unknown, revoked or expired, or its creator is missing or disabled. The key
     * keeps only the permission keys its creator still holds at the key's level ({@link #mayCarry}):
     * revoking the creator's grants takes them from its keys too (a key left with none gets 403).
     */
    public Uni<Authenticated> callerFor(String keyHash, Instant now) {
        return credentials.keyByHash(keyHash).flatMap(k -> {
            if (k == null) {
                throw ApiException.authenticationRequired();
            }
            Instant expires = k.expiresAt();
            if (!"active".equals(k.status()) || (expires != null && !expires.isAfter(now))
                    || !"active".equals(k.creatorStatus())) {
                throw new ApiException(ErrorCode.AUTHENTICATION_REQUIRED, "this API key is revoked or expired");
            }
            String id = k.id();
            String spaceId = k.spaceId();
            String userId = k.creatorId();
            String email = k.creatorEmail();
            String[] keys = k.permissionKeys();
            return sessions.grantsOf(userId).map(creatorGrants -> {
                Caller creator = new Caller(null, null, userId, email, null, creatorGrants);
                List<AdminGrant> grants = new ArrayList<>();
                for (String key : keys) {
                    if (mayCarry(creator, key, spaceId)) {
                        grants.add(new AdminGrant(id, levelOf(spaceId), spaceId, null, null, key));
                    }
                }
                usage.touch(id, now);
                return new Authenticated(new Caller(null, id, userId, email, null, List.copyOf(grants)), expires);
            });
        });
    }
}
