package io.plystra.identity.member;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

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
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Members of a space. The route's permission in the space is checked before these run
 * ({@code @Requires} on {@link MemberResource}).
 */
@ApplicationScoped
public class MemberService {

    static final Set<String> PATCHABLE = Set.of("display_name", "member_type");
    static final Set<String> IMMUTABLE = Set.of("id", "space_id", "status");
    static final Pattern MEMBER_TYPE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    static final String MEMBER_TYPE_RULE = "must match [a-z][a-z0-9_]{0,63}";

    @Inject
    MemberRepository members;
    @Inject
    SpaceLookup spaces;
    @Inject
    AuditedWrite writes;
    @Inject
    ReferenceRepository references;

    /** The member_type of a service's member (created with the service, in the same transaction). */
    static final String SERVICE_TYPE = "service";
    @Inject
    RequestContext request;

    @WithSession
    public Uni<Page<MemberView>> list(String spaceId, PageRequest page, String status) {
        return spaces.existing(spaceId).flatMap(s -> members.page(page, spaceId, status))
                .map(rows -> Page.of(rows, page.limit(), m -> m.createdAt, m -> m.id, MemberView::of));
    }

    @WithSession
    public Uni<MemberView> get(String spaceId, String id) {
        return find(spaceId, id).map(MemberView::of);
    }

    @WithTransaction
    public Uni<MemberView> create(String spaceId, MemberCreate body) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (body == null || body.displayName() == null || body.displayName().isBlank()) {
            problems.put("display_name", "is required");
        }
        if (body != null && body.memberType() != null && !MEMBER_TYPE.matcher(body.memberType()).matches()) {
            problems.put("member_type", MEMBER_TYPE_RULE);
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        Member m = new Member();
        m.id = Ids.givenOrNew(body.id(), "member");
        m.spaceId = spaceId;
        m.displayName = body.displayName().trim();
        m.memberType = body.memberType() == null ? "person" : body.memberType();
        m.status = Status.ACTIVE;
        m.createdAt = request.now();
        m.updatedAt = m.createdAt;
        return spaces.existing(spaceId).flatMap(s -> writes.commit(members.persistAndFlush(m), changed(m, "created")));
    }

    @WithTransaction
    public Uni<MemberView> patch(String spaceId, String id, JsonPatch patch) {
        return find(spaceId, id).call(m -> !patch.has("member_type") ? Uni.createFrom().voidItem()
                : references.serviceMember(m.id).invoke(service -> {
                    if (service && !SERVICE_TYPE.equals(patch.text("member_type", true))) {
                        throw ApiException.validation("member_type", "a service's member stays of type service");
                    }
                })).flatMap(m -> {
            if (patch.has("display_name")) {
                String name = patch.text("display_name", true);
                if (name.isBlank()) {
                    throw ApiException.validation("display_name", "must not be blank");
                }
                m.displayName = name.trim();
            }
            if (patch.has("member_type")) {
                String type = patch.text("member_type", true);
                if (!MEMBER_TYPE.matcher(type).matches()) {
                    throw ApiException.validation("member_type", MEMBER_TYPE_RULE);
                }
                m.memberType = type;
            }
            m.updatedAt = request.now();
            return writes.commit(members.flush(), changed(m, "updated"));
        });
    }

    @WithTransaction
    public Uni<MemberView> setStatus(String spaceId, String id, Status status, String verb) {
        return find(spaceId, id).flatMap(m -> {
            m.status = status;
            m.updatedAt = request.now();
            return writes.commit(members.flush(), changed(m, verb));
        });
    }

    private Uni<Member> find(String spaceId, String id) {
        return spaces.existing(spaceId).flatMap(s -> members.inSpace(spaceId, id))
                .onItem().ifNull().failWith(() -> ApiException.notFound("member", id));
    }

    private static Mutation<MemberView> changed(Member m, String verb) {
        return new Mutation<>("member", verb, m.id, m.spaceId, MemberView.of(m));
    }
}
