package io.plystra.session.grant;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A row of admin_grants: a user's admin level, where it applies, and the permission key it carries. */
@Entity
@Table(name = "admin_grants")
public class Grant extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "user_id")
    public String userId;
    public String level;
    @Column(name = "space_id")
    public String spaceId;
    @Column(name = "group_id")
    public String groupId;
    @Column(name = "organization_id")
    public String organizationId;
    @Column(name = "permission_key")
    public String permissionKey;
    public Status status;
    @Column(name = "created_by_user_id")
    public String createdByUserId;
    @Column(name = "revoked_at")
    public Instant revokedAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
