package io.plystra.access.rolepermission;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

@ApplicationScoped
public class RolePermissionRepository implements PanacheRepositoryBase<RolePermission, String> {
}
