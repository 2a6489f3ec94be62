package io.plystra.identity.user;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.plystra.audit.AuditedWrite;
import io.plystra.audit.Mutation;
import io.plystra.identity.ReferenceRepository;
import io.plystra.kernel.AdminGrant;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.EmailAddress;
import io.plystra.kernel.ErrorCode;
import io.plystra.kernel.Ids;
import io.plystra.kernel.JsonPatch;
import io.plystra.kernel.Page;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.PasswordHasher;
import io.plystra.kernel.RequestContext;
import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Users are instance-wide: the route's instance grant ({@code @Requires} on {@link UserResource}) is
 * checked before these run; a user holding an active super-admin grant is changed only by a super
 * admin. A password is hashed with Argon2id on a worker thread before the transaction opens; the
 * write then continues on the request's event loop. Quarkus intercepts self-invocation, so
 * {@link #insert} and {@link #update} run in their own transaction.
 */
@ApplicationScoped
public class UserService {

    static final Set<String> PATCHABLE = Set.of("email", "username", "phone", "password", "external_subject");
    static final Set<String> IMMUTABLE = Set.of("id", "status", "has_password");
    static final int MIN_PASSWORD = 8;
    static final int MAX_PASSWORD = 1024;
    static final int MAX_TEXT = 256;

    @Inject
    UserRepository users;
    @Inject
    ReferenceRepository references;
    @Inject
    AuditedWrite writes;
    @Inject
    RequestContext request;

    @WithSession
    public Uni<Page<UserView>> list(PageRequest page, String status, String email) {
        return users.page(page, status, EmailAddress.normalize(email)).map(rows -> Page.of(rows, page.limit(), u -> u.createdAt, u -> u.id, UserView::of));
    }

    @WithSession
    public Uni<UserView> get(String id) {
        return find(id).map(UserView::of);
    }

    public Uni<UserView> create(UserCreate body) {
        if (body == null) {
            throw ApiException.validation("email", EmailAddress.INVALID);
        }
        Map<String, String> problems = new LinkedHashMap<>();
        checkEmail(body.email(), problems);
        checkPassword(body.password(), problems);
        checkText("username", body.username(), problems);
        checkText("phone", body.phone(), problems);
        checkText("external_subject", body.externalSubject(), problems);
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        User u = new User();
        u.id = Ids.givenOrNew(body.id(), "user");
        u.email = EmailAddress.normalize(body.email());
        u.username = trimmed(body.username());
        u.phone = trimmed(body.phone());
        u.externalSubject = trimmed(body.externalSubject());
        u.status = Status.ACTIVE;
        return hashOffLoop(body.password()).flatMap(hash -> {
            u.passwordHash = hash;
            return insert(u);
        });
    }

    @WithTransaction
    Uni<UserView> insert(User u) {
        u.createdAt = request.now();
        u.updatedAt = u.createdAt;
        return writes.commit(users.persistAndFlush(u), changed(u, "created"));
    }

    public Uni<UserView> patch(String id, JsonPatch patch) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (patch.has("email")) {
            checkEmail(patch.text("email", true), problems);
        }
        String password = patch.has("password") ? patch.text("password", true) : null;
        checkPassword(password, problems);
        checkText("username", patch.text("username", false), problems);
        checkText("phone", patch.text("phone", false), problems);
        checkText("external_subject", patch.text("external_subject", false), problems);
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        return hashOffLoop(password).flatMap(hash -> update(id, patch, hash));
    }

    @WithTransaction
    Uni<UserView> update(String id, JsonPatch patch, String passwordHash) {
        return changeable(id).flatMap(u -> {
            if (patch.has("email")) {
                u.email = EmailAddress.normalize(patch.text("email", true));
            }
            if (patch.has("username")) {
                u.username = trimmed(patch.text("username", false));
            }
            if (patch.has("external_subject")) {
                u.externalSubject = trimmed(patch.text("external_subject", false));
            }
            if (patch.has("phone")) {
                u.phone = trimmed(patch.text("phone", false));
            }
            if (passwordHash != null) {
                u.passwordHash = passwordHash;
            }
            u.updatedAt = request.now();
            if (passwordHash == null) {
                return writes.commit(users.flush(), changed(u, "updated"));
            }
            // A new password ends every session the old one opened; the audit row says so, never the password.
            return writes.commit(users.flush().flatMap(v -> users.endSessions(u.id, "password_changed")),
                    changed(u, "updated").with("password_changed", true).with("sessions_ended", true));
        });
    }

    /** Disabling a user also ends its sessions: a later restore does not revive them. */
    @WithTransaction
    public Uni<UserView> setStatus(String id, Status status, String verb) {
        return changeable(id).flatMap(u -> {
            u.status = status;
            u.updatedAt = request.now();
            if (status != Status.DISABLED) {
                return writes.commit(users.flush(), changed(u, verb));
            }
            return writes.commit(users.flush().flatMap(v -> users.endSessions(u.id, "user_disabled")),
                    changed(u, verb).with("sessions_ended", true));
        });
    }

    /** Ends every live session of the user (its API keys are not sessions and stay). */
    @WithTransaction
    public Uni<Map<String, Object>> endSessions(String id) {
        return changeable(id).flatMap(u -> users.endSessions(u.id, "revoked_by_admin")
                .flatMap(ended -> writes.commit(Uni.createFrom().voidItem(), new Mutation<>("user", "sessions_revoked", u.id,
                        null, Map.<String, Object>of("user_id", u.id, "sessions_revoked", ended)))));
    }

    /**
     * The user, if the caller may change it: a user holding an active super-admin grant is changed,
     * disabled or restored only by a super admin (else an instance admin could take the account over).
     */
    private Uni<User> changeable(String id) {
        return find(id).call(u -> references.superAdmin(u.id).invoke(superAdmin -> {
            if (superAdmin && !request.caller().holdsAtLevel(request.permission(), null, AdminGrant.SUPER_ADMIN)) {
                throw new ApiException(ErrorCode.ADMIN_PERMISSION_REQUIRED,
                        "only a super admin changes, disables or restores a user holding a super-admin grant",
                        Map.of("permission", request.permission(), "level", AdminGrant.SUPER_ADMIN));
            }
        }));
    }

    private Uni<User> find(String id) {
        return users.findById(id).onItem().ifNull().failWith(() -> ApiException.notFound("user", id));
    }

    private static Mutation<UserView> changed(User u, String verb) {
        return new Mutation<>("user", verb, u.id, null, UserView.of(u));
    }

    /** Argon2id of {@code password} (null stays null) computed on a worker, delivered back on the caller's Vert.x context. */
    private static Uni<String> hashOffLoop(String password) {
        if (password == null) {
            return Uni.createFrom().nullItem();
        }
        Context context = Vertx.currentContext();
        return Uni.createFrom().item(() -> PasswordHasher.hash(password.toCharArray()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(task -> context.runOnContext(v -> task.run()));
    }

    private static void checkEmail(String email, Map<String, String> problems) {
        String problem = EmailAddress.problem(EmailAddress.normalize(email));
        if (problem != null) {
            problems.put("email", problem);
        }
    }

    private static void checkPassword(String password, Map<String, String> problems) {
        if (password != null && (password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD)) {
            problems.put("password", "must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
        }
    }

    /** Optional text (username, phone): absent, or 1 to 256 characters that are not all blank. */
    private static void checkText(String field, String value, Map<String, String> problems) {
        if (value != null && (value.isBlank() || value.length() > MAX_TEXT)) {
            problems.put(field, "must be 1 to " + MAX_TEXT + " characters, not blank");
        }
    }

    private static String trimmed(String value) {
        return value == null ? null : value.trim();
    }
}
