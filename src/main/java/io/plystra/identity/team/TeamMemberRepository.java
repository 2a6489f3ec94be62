package io.plystra.identity.team;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.kernel.KeysetQuery;
import io.plystra.kernel.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class TeamMemberRepository implements PanacheRepositoryBase<TeamMember, String> {

    public Uni<List<TeamMember>> page(String teamId, PageRequest page) {
        return KeysetQuery.after(page).eq("teamId", teamId).list(this);
    }

    public Uni<TeamMember> of(String teamId, String memberId) {
        return find("teamId = ?1 and memberId = ?2", teamId, memberId).firstResult();
    }
}
