package io.plystra.gateway;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** One stored gateway route of a space (the admin side; the forward path reads them with plain SQL). */
@Entity
@Table(name = "gateway_routes")
public class GatewayRoute extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "space_id")
    public String spaceId;
    public String name;
    public String host;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> methods;
    public String path;
    @Column(name = "resource_type")
    public String resourceType;
    @Column(name = "resource_id")
    public String resourceId;
    public String action;
    @Column(name = "is_public")
    public boolean isPublic;
    public Status status;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
