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
 * The shape of the append-only {@code attribute_history} table, for {@code plystractl schema check}; written
 * and read by {@link AttributeRepository} with native statements.
 */
@Entity
@Table(name = "attribute_history")
public class AttributeHistoryRow extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "space_id")
    public String spaceId;
    @Column(name = "subject_kind")
    public String subjectKind;
    @Column(name = "subject_id")
    public String subjectId;
    public String key;
    public String operation;
    @Column(name = "old_value")
    @JdbcTypeCode(SqlTypes.JSON)
    public Object oldValue;
    @Column(name = "old_value_type")
    public String oldValueType;
    @Column(name = "old_expires_at")
    public Instant oldExpiresAt;
    @Column(name = "new_value")
    @JdbcTypeCode(SqlTypes.JSON)
    public Object newValue;
    @Column(name = "new_value_type")
    public String newValueType;
    @Column(name = "new_expires_at")
    public Instant newExpiresAt;
    @Column(name = "actor_user_id")
    public String actorUserId;
    @Column(name = "api_key_id")
    public String apiKeyId;
    @Column(name = "request_id")
    public String requestId;
    @Column(name = "created_at")
    public Instant createdAt;
}
