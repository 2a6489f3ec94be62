package io.plystra.access.role;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * One version of a role, never changed once written: the role's name, description and status and its
 * set of active permissions as of that version, with the change that made it ({@code reason}) and who
 * made it. Written by {@link RoleVersionRepository} in the transaction of the change.
 */
@Entity
@Table(name = "role_versions")
@IdClass(RoleVersion.Key.class)
public class RoleVersion extends PanacheEntityBase {

    @Id
    @Column(name = "role_id")
    public String roleId;
    @Id
    public int version;
    public String name;
    public String description;
    public Status status;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "permission_ids")
    public List<String> permissionIds;
    public String reason;
    @Column(name = "restored_version")
    public Integer restoredVersion;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "created_by")
    public String createdBy;

    /** The primary key (role_id, version). */
    public static class Key implements Serializable {

        public String roleId;
        public int version;

        public Key() {
        }

        public Key(String roleId, int version) {
            this.roleId = roleId;
            this.version = version;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && version == k.version && Objects.equals(roleId, k.roleId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(roleId, version);
        }
    }
}
