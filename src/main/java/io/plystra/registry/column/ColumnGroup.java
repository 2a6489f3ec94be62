package io.plystra.registry.column;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A named set of a resource type's columns ({@code pii_basic → [email, phone]}), in catalogue order. */
@Entity
@Table(name = "column_groups")
public class ColumnGroup extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "resource_type_id")
    public String resourceTypeId;
    public String key;
    public String description;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> columns;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
