package io.plystra.identity.member;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.audit.AuditedWrite;
import io.plystra.identity.SpaceLookup;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.Ids;
import io.plystra.kernel.JsonPatch;
import io.plystra.kernel.Page;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.RequestInfo;
import io.plystra.kernel.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class MemberService {

    static final Set<String> PATCHABLE = Set.of("display_name", "member_type");
    static final Set<String> IMMUTABLE = Set.of("id", "space_id", "status");
    static final Pattern MEMBER_TYPE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    static final String MEMBER_TYPE_RULE = "must match [a-z][a-z0-9_]{0,63}";

    private final MemberRepository members;
    private final SpaceLookup spaces;
    private final AuditedWrite write;

    public MemberService(MemberRepository members, SpaceLookup spaces, AuditedWrite write) {
        this.members = members;
        this.spaces = spaces;
        this.write = write;
    }

    @WithSession
    public Uni<Page<MemberView>> list(Caller caller, String spaceId, PageRequest page, String status) {
        caller.require("members:read", spaceId);
        return spaces.existing(spaceId).flatMap(s -> members.page(page, spaceId, status))
                .map(rows -> Page.of(rows, page.limit(), m -> m.createdAt, m -> m.id, MemberView::of));
    }

    @WithSession
    public Uni<MemberView> get(Caller caller, String spaceId, String id) {
        caller.require("members:read", spaceId);
        return find(spaceId, id).map(MemberView::of);
    }

    @WithTransaction
    public Uni<MemberView> create(Caller caller, RequestInfo request, String spaceId, MemberCreate body) {
        caller.require("members:manage", spaceId);
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
        m.status = "active";
        m.createdAt = AuditedWrite.now();
        m.updatedAt = m.createdAt;
        return spaces.existing(spaceId).flatMap(s -> write.commit(caller, request, "member", "created", m.id, spaceId,
                members.persistAndFlush(m), MemberView.of(m)));
    }

    @WithTransaction
    public Uni<MemberView> patch(Caller caller, RequestInfo request, String spaceId, String id, JsonPatch patch) {
        caller.require("members:manage", spaceId);
        return find(spaceId, id).flatMap(m -> {
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
            m.updatedAt = AuditedWrite.now();
            return write.commit(caller, request, "member", "updated", m.id, spaceId, members.flush(), MemberView.of(m));
        });
    }

    @WithTransaction
    public Uni<MemberView> setStatus(Caller caller, RequestInfo request, String spaceId, String id, String status, String verb) {
        caller.require("members:manage", spaceId);
        return find(spaceId, id).flatMap(m -> {
            m.status = status;
            m.updatedAt = AuditedWrite.now();
            return write.commit(caller, request, "member", verb, m.id, spaceId, members.flush(), MemberView.of(m));
        });
    }

    private Uni<Member> find(String spaceId, String id) {
        return spaces.existing(spaceId).flatMap(s -> members.inSpace(spaceId, id))
                .onItem().ifNull().failWith(() -> ApiException.notFound("member", id));
    }
}
