package io.plystra.identity.member;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.kernel.KeysetQuery;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class MemberRepository implements PanacheRepositoryBase<Member, String> {

    public Uni<List<Member>> page(PageRequest page, String spaceId, String status) {
        return KeysetQuery.after(page).eq("spaceId", spaceId).status(status, Status.DISABLEABLE).list(this);
    }

    /** The member {@code id} if it lives in {@code spaceId}, else null: a member of another space is not found here. */
    public Uni<Member> inSpace(String spaceId, String id) {
        return find("id = ?1 and spaceId = ?2", id, spaceId).firstResult();
    }
}
