package io.plystra.contract;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * One applied version of a space's contract, never changed once written: the document as it was sent, the
 * digest of what it declares ({@link ContractDocument#digest}), the changes the apply made and who made it.
 */
@Entity
@Table(name = "contract_versions")
@IdClass(ContractVersion.Key.class)
public class ContractVersion extends PanacheEntityBase {

    public static final String APPLIED = "applied";
    public static final String ROLLED_BACK = "rolled_back";

    @Id
    @Column(name = "space_id")
    public String spaceId;
    @Id
    public int version;
    /** {@code yaml} or {@code json}. */
    public String format;
    public String document;
    public String digest;
    /** The JSON list of {@link ContractChange}s the apply made. */
    @Column(name = "changes", columnDefinition = "jsonb")
    @ColumnTransformer(read = "CAST(changes AS text)", write = "CAST(CAST(? AS text) AS jsonb)")
    public String changes;
    /** {@code applied} or {@code rolled_back}. */
    public String reason;
    @Column(name = "restored_version")
    public Integer restoredVersion;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;

    /** The primary key (space_id, version). */
    public static class Key implements Serializable {

        public String spaceId;
        public int version;

        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && version == k.version && Objects.equals(spaceId, k.spaceId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(spaceId, version);
        }
    }
}
