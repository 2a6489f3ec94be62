package io.plystra.access.permission;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

@ApplicationScoped
public class PermissionRepository implements PanacheRepositoryBase<Permission, String> {
}
