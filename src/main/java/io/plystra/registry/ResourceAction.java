package io.plystra.registry;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** An action registered for one resource type ({@code approve} of {@code invoice}). */
@Entity
@Table(name = "resource_actions")
public class ResourceAction extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "resource_type_id")
    public String resourceTypeId;
    public String key;
    @Column(name = "display_name")
    public String displayName;
    @Column(name = "risk_level")
    public String riskLevel;
    @Column(name = "audit_default")
    public boolean auditDefault;
    public Status status;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
