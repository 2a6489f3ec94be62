package io.plystra.identity.team;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.kernel.KeysetQuery;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class TeamRepository implements PanacheRepositoryBase<Team, String> {

    /**
     * The teams {@code teamId} inherits from, at any depth and whatever the links' windows: a new link from a parent
     * among these (or the team itself) back to the team would close a cycle.
     */
    static final String ANCESTORS_SQL = """
            WITH RECURSIVE up(id) AS (
                SELECT parent_team_id FROM team_parents WHERE team_id = ?1
                UNION
                SELECT tp.parent_team_id FROM team_parents tp JOIN up ON tp.team_id = up.id)
            SELECT id FROM up""";

    public Uni<Team> inSpace(String spaceId, String id) {
        return find("id = ?1 and spaceId = ?2", id, spaceId).firstResult();
    }

    public Uni<List<Team>> page(String spaceId, PageRequest page, String status) {
        return KeysetQuery.after(page).eq("spaceId", spaceId).status(status, Status.DISABLEABLE).list(this);
    }

    /** The ids of every team {@code teamId} inherits from, directly or not. */
    public Uni<List<String>> ancestors(String teamId) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(ANCESTORS_SQL, String.class).setParameter(1, teamId)
                .getResultList());
    }

    /** Takes the space's team-links lock until the transaction ends. */
    public Uni<Void> lockLinks(String spaceId) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(?1))", Object.class)
                .setParameter(1, "team_parents:" + spaceId).getSingleResult()).replaceWithVoid();
    }
}
