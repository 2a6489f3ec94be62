package io.plystra.principal;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * A service principal: an identity that acts in one space without a user, through its own member
 * ({@code member_type: service}, created with it) and authenticated by its own keys ({@link ServiceKey}).
 */
@Entity
@Table(name = "services")
public class ServicePrincipal extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "space_id")
    public String spaceId;
    @Column(name = "member_id")
    public String memberId;
    public String name;
    public String description;
    public Status status;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
