package io.plystra.registry;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class StandardActionRepository implements PanacheRepositoryBase<StandardAction, String> {

    /** The risk level of an action registered under {@code key} without one: the catalogue's, else {@code normal}. */
    public Uni<String> defaultRiskLevel(String key) {
        return findById(key).map(standard -> standard == null ? "normal" : standard.riskLevel);
    }

    /** The whole catalogue, by key. */
    public Uni<List<StandardAction>> all() {
        return listAll(Sort.by("key"));
    }
}
