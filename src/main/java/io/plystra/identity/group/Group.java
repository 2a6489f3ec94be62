package io.plystra.identity.group;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A node of a space's group tree; {@code path} (finance.apac) extends the parent's path by one segment and never changes. */
@Entity
@Table(name = "groups")
public class Group extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "space_id")
    public String spaceId;
    @Column(name = "parent_id")
    public String parentId;
    public String path;
    public String name;
    public Status status;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
