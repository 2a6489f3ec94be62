package io.plystra.identity.user;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A login account. It never acts by itself: it acts as a member through a user-member binding. */
@Entity
@Table(name = "users")
public class User extends PanacheEntityBase {

    @Id
    public String id;
    public String email;
    public String username;
    public String phone;
    /** The subject an external identity provider gives this user (a JWT's {@code sub}); unique when set. */
    @jakarta.persistence.Column(name = "external_subject")
    public String externalSubject;
    /** Argon2id PHC string or null; never leaves the service. */
    @Column(name = "password_hash")
    public String passwordHash;
    public Status status;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
