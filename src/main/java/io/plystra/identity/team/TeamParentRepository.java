package io.plystra.identity.team;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.kernel.KeysetQuery;
import io.plystra.kernel.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class TeamParentRepository implements PanacheRepositoryBase<TeamParent, String> {

    public Uni<List<TeamParent>> page(String teamId, PageRequest page) {
        return KeysetQuery.after(page).eq("teamId", teamId).list(this);
    }

    public Uni<TeamParent> of(String teamId, String parentTeamId) {
        return find("teamId = ?1 and parentTeamId = ?2", teamId, parentTeamId).firstResult();
    }
}
