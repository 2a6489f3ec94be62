package io.plystra.identity.team;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A team of principals in a space: it holds bindings; its members and child teams act with them. */
@Entity
@Table(name = "teams")
public class Team extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "space_id")
    public String spaceId;
    public String key;
    public String name;
    public String description;
    public Status status;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
