package io.plystra.identity.team;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A time-bounded link into a team, valid from {@code startsAt} (inclusive) to {@code endsAt} (exclusive). */
@MappedSuperclass
public abstract class TeamLink extends PanacheEntityBase {

    @jakarta.persistence.Id
    public String id;
    @Column(name = "space_id")
    public String spaceId;
    @Column(name = "team_id")
    public String teamId;
    @Column(name = "starts_at")
    public Instant startsAt;
    @Column(name = "ends_at")
    public Instant endsAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
