package io.plystra.principal;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * A key a service authenticates with: only the HMAC of the key is stored, as for API keys.
 * {@code last_used_at} is written by {@link io.plystra.session.ApiKeyUsage} alone, never by an entity update.
 */
@Entity
@Table(name = "service_keys")
public class ServiceKey extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "service_id")
    public String serviceId;
    @Column(name = "space_id")
    public String spaceId;
    public String name;
    @Column(name = "key_hash")
    public String keyHash;
    @Column(name = "key_prefix")
    public String keyPrefix;
    public Status status;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "last_used_at", insertable = false, updatable = false)
    public Instant lastUsedAt;
    @Column(name = "created_by_user_id")
    public String createdByUserId;
    @Column(name = "revoked_at")
    public Instant revokedAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
