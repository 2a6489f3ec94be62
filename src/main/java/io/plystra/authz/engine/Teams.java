package io.plystra.authz.engine;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The teams a member belongs to at an instant: its own memberships valid now, then every parent reached through
 * inheritance links valid now, each through active teams only. Breadth first, links in team-key order, so each team's
 * path is a shortest one and the same for the same rows.
 */
public final class Teams {

    private static final Comparator<TeamEdge> BY_TEAM = Comparator
            .comparing((TeamEdge e) -> e.team().key(), Comparator.nullsLast(Comparator.<String>naturalOrder()))
            .thenComparing(e -> e.team().id(), Comparator.nullsLast(Comparator.<String>naturalOrder()));

    private Teams() {
    }

    /** Team id → the path from the member to it (the member's team first, this team last). */
    public static Map<String, List<TeamRef>> reachable(List<TeamEdge> edges, String memberId, Instant now) {
        Map<String, List<TeamRef>> paths = new LinkedHashMap<>();
        if (edges == null || edges.isEmpty() || memberId == null) {
            return paths;
        }
        List<TeamEdge> sorted = new ArrayList<>();
        for (TeamEdge edge : edges) {
            if (edge != null && edge.team() != null && edge.team().id() != null && edge.validAt(now)
                    && "active".equals(edge.team().status())) {
                sorted.add(edge);
            }
        }
        sorted.sort(BY_TEAM);
        Deque<String> queue = new ArrayDeque<>();
        for (TeamEdge edge : sorted) {
            if (memberId.equals(edge.memberId()) && !paths.containsKey(edge.team().id())) {
                paths.put(edge.team().id(), List.of(edge.team()));
                queue.add(edge.team().id());
            }
        }
        while (!queue.isEmpty()) {
            String child = queue.poll();
            for (TeamEdge edge : sorted) {
                if (child.equals(edge.childTeamId()) && !paths.containsKey(edge.team().id())) {
                    List<TeamRef> path = new ArrayList<>(paths.get(child));
                    path.add(edge.team());
                    paths.put(edge.team().id(), List.copyOf(path));
                    queue.add(edge.team().id());
                }
            }
        }
        return paths;
    }
}
