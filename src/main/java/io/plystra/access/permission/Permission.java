package io.plystra.access.permission;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** May do {@code action} on resources of type {@code resource} within {@code scope}; instance-wide. */
@Entity
@Table(name = "permissions")
public class Permission extends PanacheEntityBase {

    @Id
    public String id;
    public String resource;
    public String action;
    public String scope;
    public String description;
    public Status status;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
