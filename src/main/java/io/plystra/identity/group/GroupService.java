package io.plystra.identity.group;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.plystra.audit.AuditedWrite;
import io.plystra.audit.Mutation;
import io.plystra.identity.SpaceLookup;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.Caller;
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
 * Groups. The gate ({@code @Requires} on {@link GroupResource}) lets in a grant of the route's
 * permission over the space or over some group of it; these narrow a group grant to its subtree.
 */
@ApplicationScoped
public class GroupService {

    static final Set<String> PATCHABLE = Set.of("name");
    static final Set<String> IMMUTABLE = Set.of("id", "space_id", "path", "parent_id", "status");
    static final String PATH_RULE = "^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*$";
    static final Pattern PATH = Pattern.compile(PATH_RULE);
    /** {@code groups/tree} is a route of its own, so no group may be called that. */
    static final String RESERVED_ID = "tree";

    @Inject
    GroupRepository groups;
    @Inject
    SpaceLookup spaces;
    @Inject
    AuditedWrite writes;
    @Inject
    RequestContext request;

    /**
     * A page of the space's groups: only a grant over the whole space lists them (a group grant reads
     * its subtree through {@link #tree}).
     */
    @WithSession
    public Uni<Page<GroupView>> list(String spaceId, PageRequest page, String status) {
        request.requireIn(spaceId);
        return spaces.existing(spaceId).flatMap(s -> groups.page(page, spaceId, status))
                .map(rows -> Page.of(rows, page.limit(), g -> g.createdAt, g -> g.id, GroupView::of));
    }

    /** Every group the caller may read: the whole space, or the subtrees of its group grants. */
    @WithSession
    public Uni<List<GroupNode>> tree(String spaceId) {
        Caller caller = request.caller();
        String permission = request.permission();
        return spaces.existing(spaceId).flatMap(s -> groups.allOf(spaceId))
                .map(all -> GroupNode.roots(all.stream()
                        .filter(g -> caller.holdsForGroup(permission, spaceId, g.path)).toList()));
    }

    @WithSession
    public Uni<GroupView> get(String spaceId, String id) {
        return find(spaceId, id).map(g -> {
            request.requireForGroup(spaceId, g.path);
            return GroupView.of(g);
        });
    }

    @WithTransaction
    public Uni<GroupView> create(String spaceId, GroupCreate body) {
        if (body == null || body.path() == null || body.path().isEmpty()) {
            throw ApiException.validation("path", "is required");
        }
        if (!PATH.matcher(body.path()).matches()) {
            throw ApiException.validation("path", "must match " + PATH_RULE);
        }
        // The target is the parent: its path is the new path less its last segment (checkParent makes
        // parent_id match it); a root group has none, so only a space-wide grant creates one.
        int lastDot = body.path().lastIndexOf('.');
        request.requireForGroup(spaceId, lastDot < 0 ? null : body.path().substring(0, lastDot));
        if (body.name() != null && body.name().isBlank()) {
            throw ApiException.validation("name", "must not be blank");
        }
        if (RESERVED_ID.equals(body.id())) {
            throw ApiException.validation("id", "tree is reserved for the groups/tree route");
        }
        Group g = new Group();
        g.id = Ids.givenOrNew(body.id(), "group");
        g.spaceId = spaceId;
        g.parentId = body.parentId();
        g.path = body.path();
        g.name = body.name() == null ? null : body.name().trim();
        g.status = Status.ACTIVE;
        g.createdAt = request.now();
        g.updatedAt = g.createdAt;
        return spaces.existing(spaceId).flatMap(s -> checkParent(g))
                .flatMap(ok -> writes.commit(groups.persistAndFlush(g), changed(g, "created")));
    }

    @WithTransaction
    public Uni<GroupView> patch(String spaceId, String id, JsonPatch patch) {
        return find(spaceId, id).flatMap(g -> {
            request.requireForGroup(spaceId, g.path);
            if (patch.has("name")) {
                String name = patch.text("name", false);
                if (name != null && name.isBlank()) {
                    throw ApiException.validation("name", "must not be blank");
                }
                g.name = name == null ? null : name.trim();
            }
            g.updatedAt = request.now();
            return writes.commit(groups.flush(), changed(g, "updated"));
        });
    }

    @WithTransaction
    public Uni<GroupView> setStatus(String spaceId, String id, Status status, String verb) {
        return find(spaceId, id).flatMap(g -> {
            request.requireForGroup(spaceId, g.path);
            g.status = status;
            g.updatedAt = request.now();
            return writes.commit(groups.flush(), changed(g, verb));
        });
    }

    /** A root path has one segment; a child's path is its parent's (a group of the same space) plus one segment. */
    private Uni<Void> checkParent(Group g) {
        if (g.parentId == null) {
            if (g.path.contains(".")) {
                throw ApiException.validation("path", "a root group's path has no dot; name parent_id to create a child group");
            }
            return Uni.createFrom().voidItem();
        }
        return groups.inSpace(g.spaceId, g.parentId).map(parent -> {
            if (parent == null) {
                throw ApiException.validation("parent_id", "must name a group of this space");
            }
            String prefix = parent.path + ".";
            if (!g.path.startsWith(prefix) || g.path.indexOf('.', prefix.length()) >= 0) {
                throw ApiException.validation("path", "must extend the parent's path " + parent.path + " by one segment");
            }
            return null;
        });
    }

    private Uni<Group> find(String spaceId, String id) {
        return spaces.existing(spaceId).flatMap(s -> groups.inSpace(spaceId, id))
                .onItem().ifNull().failWith(() -> ApiException.notFound("group", id));
    }

    private static Mutation<GroupView> changed(Group g, String verb) {
        return new Mutation<>("group", verb, g.id, g.spaceId, GroupView.of(g));
    }
}
