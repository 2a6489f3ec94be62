package io.plystra.registry.resource;

import java.time.Instant;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A protected object of a registered type, in one space, optionally in a group and owned by a member. */
@Entity
@Table(name = "resources")
@IdClass(Resource.Key.class)
public class Resource extends PanacheEntityBase {

    /** Ids are unique within a space. */
    public record Key(String spaceId, String id) implements java.io.Serializable {
        public Key() {
            this(null, null);
        }
    }

    @Id
    @Column(name = "space_id")
    public String spaceId;
    @Id
    public String id;
    @Column(name = "resource_type")
    public String resourceType;
    @Column(name = "group_id")
    public String groupId;
    @Column(name = "owner_member_id")
    public String ownerMemberId;
    @Column(name = "display_name")
    public String displayName;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> metadata;
    public Status status;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
