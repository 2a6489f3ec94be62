package io.plystra.identity.group;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.plystra.kernel.Status;

/** A group in {@code groups/tree}: the group's fields and its child groups, ordered by path. */
public record GroupNode(String id, String spaceId, String parentId, String path, String name, Status status, Instant createdAt,
                        Instant updatedAt, List<GroupNode> children) {

    /**
     * The top groups of {@code groups} (whole subtrees of one space, ordered by path), each with its subtree:
     * the groups whose parent is not among them (for the whole space, its root groups).
     */
    static List<GroupNode> roots(List<Group> groups) {
        Map<String, List<Group>> byParent = groups.stream().filter(g -> g.parentId != null)
                .collect(Collectors.groupingBy(g -> g.parentId));
        Set<String> ids = groups.stream().map(g -> g.id).collect(Collectors.toSet());
        return groups.stream().filter(g -> g.parentId == null || !ids.contains(g.parentId)).map(g -> of(g, byParent)).toList();
    }

    private static GroupNode of(Group g, Map<String, List<Group>> byParent) {
        List<GroupNode> children = byParent.getOrDefault(g.id, List.of()).stream().map(c -> of(c, byParent)).toList();
        return new GroupNode(g.id, g.spaceId, g.parentId, g.path, g.name, g.status, g.createdAt, g.updatedAt, children);
    }
}
