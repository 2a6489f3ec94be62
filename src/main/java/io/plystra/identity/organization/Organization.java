package io.plystra.identity.organization;

import java.time.Instant;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A node of the organization tree above spaces: a root ({@code parentId} null) or the child of another organization. */
@Entity
@Table(name = "organizations")
public class Organization extends PanacheEntityBase {

    /** The most levels a tree may have: a root is level 1. */
    public static final int MAX_DEPTH = 16;

    @Id
    public String id;
    public String name;
    @Column(name = "parent_id")
    public String parentId;
    public Status status;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> metadata;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
