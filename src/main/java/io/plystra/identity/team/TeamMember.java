package io.plystra.identity.team;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A member's (a person's or a service's) membership of a team. */
@Entity
@Table(name = "team_members")
public class TeamMember extends TeamLink {

    @Column(name = "member_id")
    public String memberId;
}
