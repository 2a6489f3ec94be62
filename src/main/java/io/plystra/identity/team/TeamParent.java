package io.plystra.identity.team;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A team's inheritance from a parent team: while valid, the team's members belong to the parent too. */
@Entity
@Table(name = "team_parents")
public class TeamParent extends TeamLink {

    @Column(name = "parent_team_id")
    public String parentTeamId;
}
