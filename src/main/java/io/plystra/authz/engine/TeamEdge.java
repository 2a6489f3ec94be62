package io.plystra.authz.engine;

import java.time.Instant;

/**
 * One link into a team, valid from {@code startsAt} (inclusive) until {@code endsAt} (exclusive), either bound null:
 * a member's membership ({@code memberId} set) or a team's inheritance from its parent ({@code childTeamId} set).
 * {@code team} is the team the link leads into.
 */
public record TeamEdge(String memberId, String childTeamId, TeamRef team, Instant startsAt, Instant endsAt) {

    public boolean validAt(Instant now) {
        return (startsAt == null || !now.isBefore(startsAt)) && (endsAt == null || now.isBefore(endsAt));
    }
}
