package io.plystra.identity.member;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.identity.KeysetQuery;
import io.plystra.platform.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class MemberRepository implements PanacheRepositoryBase<Member, String> {

    static final List<String> STATUSES = List.of("active", "disabled");

    public Uni<List<Member>> page(PageRequest page, String spaceId, String status) {
        return new KeysetQuery(page).and("spaceId = :spaceId", "spaceId", spaceId).status(status, STATUSES).fetch(this);
    }

    /** The member {@code id} if it lives in {@code spaceId}, else null: a member of another space is not found here. */
    public Uni<Member> inSpace(String spaceId, String id) {
        return find("id = ?1 and spaceId = ?2", id, spaceId).firstResult();
    }
}
