package io.plystra.attribute;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * The shape of the {@code attributes} table, for {@code plystractl schema check}. Rows are read and written by
 * {@link AttributeRepository} with native statements (a value is jsonb of any shape, read with exact numbers)
 * and by {@link AttributeSnapshots} on the reactive pool, not through this entity.
 */
@Entity
@Table(name = "attributes")
public class AttributeRow extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "space_id")
    public String spaceId;
    @Column(name = "subject_kind")
    public String subjectKind;
    @Column(name = "subject_id")
    public String subjectId;
    public String key;
    @JdbcTypeCode(SqlTypes.JSON)
    public Object value;
    @Column(name = "value_type")
    public String valueType;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
