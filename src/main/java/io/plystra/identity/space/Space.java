package io.plystra.identity.space;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A tenant: every member, group, role and resource lives in exactly one space; a space may belong to one organization. */
@Entity
@Table(name = "spaces")
public class Space extends PanacheEntityBase {

    @Id
    public String id;
    public String name;
    public String slug;
    public String type;
    public Status status;
    @Column(name = "organization_id")
    public String organizationId;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
