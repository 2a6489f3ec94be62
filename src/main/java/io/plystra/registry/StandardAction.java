package io.plystra.registry;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * An action of the standard catalogue (V018, read-only): its default display name and risk level, which
 * a type's action of the same key takes unless it names its own risk level.
 */
@Entity
@Table(name = "standard_actions")
public class StandardAction extends PanacheEntityBase {

    @Id
    public String key;
    @Column(name = "display_name")
    public String displayName;
    @Column(name = "risk_level")
    public String riskLevel;
    @Column(name = "created_at")
    public Instant createdAt;
}
