package io.plystra.identity.usermember;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.plystra.audit.AuditedWrite;
import io.plystra.audit.Mutation;
import io.plystra.identity.ReferenceRepository;
import io.plystra.identity.SpaceLookup;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.Ids;
import io.plystra.kernel.JsonPatch;
import io.plystra.kernel.Page;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.RequestContext;
import io.plystra.kernel.Status;
import io.plystra.kernel.Timestamps;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Bindings of a user to a member of this space. The user may be any user; the member must be one of
 * this space. Revoking sets {@code revoked_at} and the reason; restoring clears both. The route's
 * permission in the space is checked before these run ({@code @Requires} on {@link UserMemberResource}).
 */
@ApplicationScoped
public class UserMemberService {

    /** login: the user's own identity; delegate: acting for a shared member; temporary: time-boxed; service: a machine. */
    static final List<String> RELATION_TYPES = List.of("login", "delegate", "temporary", "service");
    static final Set<String> PATCHABLE = Set.of("relation_type", "is_primary", "expires_at");
    static final Set<String> IMMUTABLE = Set.of("id", "space_id", "user_id", "member_id", "status", "revoked_at", "revoked_reason");

    @Inject
    UserMemberRepository bindings;
    @Inject
    ReferenceRepository references;
    @Inject
    SpaceLookup spaces;
    @Inject
    AuditedWrite writes;
    @Inject
    RequestContext request;

    @WithSession
    public Uni<Page<UserMemberView>> list(String spaceId, PageRequest page, UserMemberFilter filter) {
        return spaces.existing(spaceId).flatMap(s -> bindings.page(page, spaceId, filter))
                .map(rows -> Page.of(rows, page.limit(), um -> um.createdAt, um -> um.id, UserMemberView::of));
    }

    @WithSession
    public Uni<UserMemberView> get(String spaceId, String id) {
        return find(spaceId, id).map(UserMemberView::of);
    }

    @WithTransaction
    public Uni<UserMemberView> create(String spaceId, UserMemberCreate body) {
        if (body == null) {
            throw ApiException.validation("user_id", "is required");
        }
        Map<String, String> problems = new LinkedHashMap<>();
        if (body.userId() == null || body.userId().isBlank()) {
            problems.put("user_id", "is required");
        }
        if (body.memberId() == null || body.memberId().isBlank()) {
            problems.put("member_id", "is required");
        }
        if (body.relationType() == null || !RELATION_TYPES.contains(body.relationType())) {
            problems.put("relation_type", "must be one of " + RELATION_TYPES);
        }
        String expiry = expiryProblem(body.expiresAt());
        if (expiry != null) {
            problems.put("expires_at", expiry);
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        UserMember um = new UserMember();
        um.id = Ids.givenOrNew(body.id(), "um");
        um.spaceId = spaceId;
        um.userId = body.userId();
        um.memberId = body.memberId();
        um.relationType = body.relationType();
        um.primary = Boolean.TRUE.equals(body.isPrimary());
        um.expiresAt = Timestamps.parse(body.expiresAt(), "expires_at");
        um.status = Status.ACTIVE;
        um.createdAt = request.now();
        um.updatedAt = um.createdAt;
        return spaces.existing(spaceId).flatMap(s -> checkReferences(um))
                .flatMap(ok -> writes.commit(bindings.persistAndFlush(um), changed(um, "created")));
    }

    @WithTransaction
    public Uni<UserMemberView> patch(String spaceId, String id, JsonPatch patch) {
        return find(spaceId, id).flatMap(um -> {
            if (patch.has("relation_type")) {
                String type = patch.text("relation_type", true);
                if (!RELATION_TYPES.contains(type)) {
                    throw ApiException.validation("relation_type", "must be one of " + RELATION_TYPES);
                }
                um.relationType = type;
            }
            if (patch.has("is_primary")) {
                um.primary = patch.bool("is_primary");
            }
            if (patch.has("expires_at")) {
                String text = patch.text("expires_at", false);
                String expiry = expiryProblem(text);
                if (expiry != null) {
                    throw ApiException.validation("expires_at", expiry);
                }
                um.expiresAt = Timestamps.parse(text, "expires_at");
            }
            um.updatedAt = request.now();
            return writes.commit(bindings.flush(), changed(um, "updated"));
        });
    }

    @WithTransaction
    public Uni<UserMemberView> revoke(String spaceId, String id, UserMemberRevoke body) {
        return find(spaceId, id).flatMap(um -> {
            um.status = Status.REVOKED;
            um.updatedAt = request.now();
            um.revokedAt = um.updatedAt;
            um.revokedReason = body == null ? null : body.revokedReason();
            return writes.commit(bindings.flush(), changed(um, "revoked"));
        });
    }

    @WithTransaction
    public Uni<UserMemberView> restore(String spaceId, String id) {
        return find(spaceId, id).flatMap(um -> {
            um.status = Status.ACTIVE;
            um.updatedAt = request.now();
            um.revokedAt = null;
            um.revokedReason = null;
            return writes.commit(bindings.flush(), changed(um, "restored"));
        });
    }

    /**
     * The member must be one of the binding's space. The user must exist; unless the caller's
     * permission holds instance-wide, it must also be a user of this space already (bound to any
     * member of it, in any status): a space admin cannot pull in, nor probe for, users of other
     * spaces, and an unknown user and a foreign one get the same answer. Both fields are named when
     * both are wrong.
     */
    private Uni<Void> checkReferences(UserMember um) {
        boolean instanceWide = request.holdsIn(null);
        Uni<Boolean> user = instanceWide ? ReferenceRepository.userExists(um.userId) : references.userInSpace(um.userId, um.spaceId);
        return user.flatMap(userFound -> references.memberInSpace(um.memberId, um.spaceId)
                .flatMap(memberFound -> references.serviceMember(um.memberId).map(serviceMember -> {
                    Map<String, String> problems = new LinkedHashMap<>();
                    if (!userFound) {
                        problems.put("user_id", instanceWide ? "must name an existing user"
                                : "must name a user of this space (binding a user from elsewhere needs an instance-level grant)");
                    }
                    if (!memberFound) {
                        problems.put("member_id", "must name a member of this space");
                    } else if (serviceMember) {
                        problems.put("member_id", "is a service's member: a service acts with its own keys, never through a user");
                    }
                    if (!problems.isEmpty()) {
                        throw ApiException.validation(problems);
                    }
                    return (Void) null;
                })));
    }

    /** Why {@code text} is no usable {@code expires_at} (an RFC 3339 timestamp in the future), or null: absent or fine. */
    private String expiryProblem(String text) {
        if (text == null) {
            return null;
        }
        Instant at = Timestamps.parseOrNull(text);
        if (at == null) {
            return Timestamps.PROBLEM;
        }
        return at.isAfter(request.now()) ? null : "must be in the future";
    }

    private Uni<UserMember> find(String spaceId, String id) {
        return spaces.existing(spaceId).flatMap(s -> bindings.inSpace(spaceId, id))
                .onItem().ifNull().failWith(() -> ApiException.notFound("user_member", id));
    }

    private static Mutation<UserMemberView> changed(UserMember um, String verb) {
        return new Mutation<>("user_member", verb, um.id, um.spaceId, UserMemberView.of(um));
    }
}
