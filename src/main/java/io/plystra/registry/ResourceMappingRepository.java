package io.plystra.registry;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

@ApplicationScoped
public class ResourceMappingRepository implements PanacheRepositoryBase<ResourceMapping, String> {
}
