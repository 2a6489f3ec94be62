package io.plystra.principal;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.plystra.audit.AuditedWrite;
import io.plystra.audit.Mutation;
import io.plystra.identity.SpaceLookup;
import io.plystra.identity.member.Member;
import io.plystra.identity.member.MemberRepository;
import io.plystra.identity.member.MemberView;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.Ids;
import io.plystra.kernel.JsonPatch;
import io.plystra.kernel.Page;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.RequestContext;
import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Service principals. Creating a service creates its member ({@code member_type: service}, display name the
 * service's name) in the same transaction, with an audit row each ({@code member.created},
 * {@code service.created}); renaming it renames the member. Disabling a service leaves its member active:
 * the service's status alone denies its decisions ({@code SERVICE_INACTIVE}), and restoring it restores
 * exactly what it was. Space routes are checked before these run ({@code @Requires} on
 * {@link SpaceServiceResource}); a service named by id is out of reach (404) unless the route's
 * permission holds in its space.
 */
@ApplicationScoped
public class ServicePrincipalService {

    static final Set<String> PATCHABLE = Set.of("name", "description");
    static final Set<String> IMMUTABLE = Set.of("id", "space_id", "member_id", "status");
    static final String MEMBER_TYPE = "service";
    static final int MAX_NAME = 200;

    @Inject
    ServicePrincipalRepository services;
    @Inject
    MemberRepository members;
    @Inject
    SpaceLookup spaces;
    @Inject
    AuditedWrite writes;
    @Inject
    RequestContext request;

    @WithSession
    public Uni<Page<ServiceView>> list(String spaceId, PageRequest page, String status) {
        return spaces.existing(spaceId).flatMap(s -> services.page(page, spaceId, status))
                .map(rows -> Page.of(rows, page.limit(), s -> s.createdAt, s -> s.id, ServiceView::of));
    }

    @WithSession
    public Uni<ServiceView> get(String id) {
        return visible(id).map(ServiceView::of);
    }

    @WithTransaction
    public Uni<ServiceView> create(String spaceId, ServiceCreate body) {
        if (body == null) {
            throw ApiException.validation("name", "is required");
        }
        String name = name(body.name());
        ServicePrincipal s = new ServicePrincipal();
        s.id = Ids.givenOrNew(body.id(), "svc");
        Member m = new Member();
        m.id = Ids.generate("member");
        m.spaceId = spaceId;
        m.displayName = name;
        m.memberType = MEMBER_TYPE;
        m.status = Status.ACTIVE;
        m.createdAt = request.now();
        m.updatedAt = m.createdAt;
        s.spaceId = spaceId;
        s.memberId = m.id;
        s.name = name;
        s.description = body.description();
        s.status = Status.ACTIVE;
        s.createdAt = m.createdAt;
        s.updatedAt = m.createdAt;
        return spaces.existing(spaceId)
                .flatMap(space -> writes.commit(members.persistAndFlush(m), memberChanged(m, "created")))
                .flatMap(member -> writes.commit(services.persistAndFlush(s), changed(s, "created")));
    }

    @WithTransaction
    public Uni<ServiceView> patch(String id, JsonPatch patch) {
        return visible(id).flatMap(s -> {
            String renamed = patch.has("name") ? name(patch.text("name", true)) : null;
            if (patch.has("description")) {
                s.description = patch.text("description", false);
            }
            s.updatedAt = request.now();
            if (renamed == null || renamed.equals(s.name)) {
                return writes.commit(services.flush(), changed(s, "updated"));
            }
            s.name = renamed;
            // The member keeps the service's name, so lookups and traces show it.
            return members.findById(s.memberId).flatMap(m -> {
                m.displayName = renamed;
                m.updatedAt = s.updatedAt;
                return writes.commit(services.flush(), changed(s, "updated"))
                        .call(view -> writes.commit(Uni.createFrom().voidItem(), memberChanged(m, "updated")));
            });
        });
    }

    @WithTransaction
    public Uni<ServiceView> setStatus(String id, Status status, String verb) {
        return visible(id).flatMap(s -> {
            s.status = status;
            s.updatedAt = request.now();
            return writes.commit(services.flush(), changed(s, verb));
        });
    }

    /** The service, if the route's permission holds in its space; one out of reach is as unknown (404). */
    Uni<ServicePrincipal> visible(String id) {
        if (!Ids.wellFormed(id)) {
            return Uni.createFrom().failure(ApiException.notFound("service", String.valueOf(id)));
        }
        return services.findById(id).onItem().ifNull().failWith(() -> ApiException.notFound("service", id))
                .invoke(s -> request.requireVisibleIn(s.spaceId, "service", id));
    }

    private static String name(String name) {
        if (name == null || name.isBlank() || name.trim().length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.validation("name", "is required: 1 to " + MAX_NAME + " characters, no control characters");
        }
        return name.trim();
    }

    private static Mutation<ServiceView> changed(ServicePrincipal s, String verb) {
        return new Mutation<>("service", verb, s.id, s.spaceId, ServiceView.of(s));
    }

    private static Mutation<MemberView> memberChanged(Member m, String verb) {
        return new Mutation<>("member", verb, m.id, m.spaceId,
                new MemberView(m.id, m.spaceId, m.displayName, m.memberType, m.status, m.createdAt, m.updatedAt));
    }
}
