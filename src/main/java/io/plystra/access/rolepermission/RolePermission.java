package io.plystra.access.rolepermission;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** Puts a permission into a role; at most one active row per pair. */
@Entity
@Table(name = "role_permissions")
public class RolePermission extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "role_id")
    public String roleId;
    @Column(name = "permission_id")
    public String permissionId;
    public Status status;
    @Column(name = "revoked_at")
    public Instant revokedAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
