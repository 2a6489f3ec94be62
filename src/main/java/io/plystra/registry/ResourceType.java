package io.plystra.registry;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A registered kind of resource ({@code invoice}); permissions and resources name it by key. */
@Entity
@Table(name = "resource_types")
public class ResourceType extends PanacheEntityBase {

    @Id
    public String id;
    public String key;
    @Column(name = "display_name")
    public String displayName;
    public String description;
    /** {@code stored} (its resources are rows of {@code resources}) or {@code external} (Plystra does not store them). */
    @Column(name = "storage_kind")
    public String storageKind;
    public Status status;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
