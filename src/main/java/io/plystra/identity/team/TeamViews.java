package io.plystra.identity.team;

import java.time.Instant;

import io.plystra.kernel.Status;

/** What the team routes answer. */
public final class TeamViews {

    private TeamViews() {
    }

    public record TeamView(String id, String spaceId, String key, String name, String description, Status status,
                           Instant createdAt, Instant updatedAt) {
        static TeamView of(Team t) {
            return new TeamView(t.id, t.spaceId, t.key, t.name, t.description, t.status, t.createdAt, t.updatedAt);
        }
    }

    public record MembershipView(String id, String teamId, String memberId, Instant startsAt, Instant endsAt,
                                 Instant createdAt, Instant updatedAt) {
        static MembershipView of(TeamMember m) {
            return new MembershipView(m.id, m.teamId, m.memberId, m.startsAt, m.endsAt, m.createdAt, m.updatedAt);
        }
    }

    public record ParentView(String id, String teamId, String parentTeamId, Instant startsAt, Instant endsAt,
                             Instant createdAt, Instant updatedAt) {
        static ParentView of(TeamParent p) {
            return new ParentView(p.id, p.teamId, p.parentTeamId, p.startsAt, p.endsAt, p.createdAt, p.updatedAt);
        }
    }

    /** {@code starts_at}/{@code ends_at} are RFC 3339 text, parsed by the service so a bad value names its field. */
    public record TeamCreate(String id, String key, String name, String description) {
    }

    public record MembershipCreate(String memberId, String startsAt, String endsAt) {
    }

    public record ParentCreate(String parentTeamId, String startsAt, String endsAt) {
    }
}
