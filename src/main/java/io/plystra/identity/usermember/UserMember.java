package io.plystra.identity.usermember;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** The binding that lets a user act as a member of a space; revoked or expired, it stops every decision at once. */
@Entity
@Table(name = "user_members")
public class UserMember extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "space_id")
    public String spaceId;
    @Column(name = "user_id")
    public String userId;
    @Column(name = "member_id")
    public String memberId;
    @Column(name = "relation_type")
    public String relationType;
    @Column(name = "is_primary")
    public boolean primary;
    public Status status;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "revoked_at")
    public Instant revokedAt;
    @Column(name = "revoked_reason")
    public String revokedReason;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
