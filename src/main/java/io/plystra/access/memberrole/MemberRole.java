package io.plystra.access.memberrole;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;

import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * A binding: gives a member (a person's or a service's) or a team a role of the same space, or one permission
 * directly, optionally anchored at a group, expiring, and under conditions. v1.0's member-roles are the bindings of a
 * member to a role. {@code conditions} is the validated JSON text; {@code version} counts the binding's changes
 * ({@link BindingHistoryRepository}).
 */
@Entity
@Table(name = "member_roles")
public class MemberRole extends PanacheEntityBase {

    public static final String SUBJECT_MEMBER = "member";
    public static final String SUBJECT_SERVICE = "service";
    public static final String SUBJECT_TEAM = "team";

    @Id
    public String id;
    @Column(name = "space_id")
    public String spaceId;
    @Column(name = "member_id")
    public String memberId;
    @Column(name = "role_id")
    public String roleId;
    @Column(name = "subject_kind")
    public String subjectKind = SUBJECT_MEMBER;
    @Column(name = "team_id")
    public String teamId;
    @Column(name = "permission_id")
    public String permissionId;
    @Column(name = "conditions", columnDefinition = "jsonb")
    @ColumnTransformer(read = "CAST(conditions AS text)", write = "CAST(CAST(? AS text) AS jsonb)")
    public String conditions;
    public int version = 1;
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
