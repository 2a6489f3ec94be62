package io.plystra.access.role;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A named bundle of permissions inside one space; members get it through member-roles. */
@Entity
@Table(name = "roles")
public class Role extends PanacheEntityBase {

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
