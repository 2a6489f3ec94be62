package io.plystra.access.memberrole;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** Gives a member a role of the same space, optionally anchored at a group and expiring. */
@Entity
@Table(name = "member_roles")
public class MemberRole extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "space_id")
    public String spaceId;
    @Column(name = "member_id")
    public String memberId;
    @Column(name = "role_id")
    public String roleId;
    @Column(name = "scope_anchor_group_id")
    public String scopeAnchorGroupId;
    public Status status;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "revoked_at")
    public Instant revokedAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
