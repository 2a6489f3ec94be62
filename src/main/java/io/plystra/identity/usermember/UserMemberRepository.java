package io.plystra.identity.usermember;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.kernel.KeysetQuery;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class UserMemberRepository implements PanacheRepositoryBase<UserMember, String> {

    public Uni<List<UserMember>> page(PageRequest page, String spaceId, UserMemberFilter filter) {
        return KeysetQuery.after(page).eq("spaceId", spaceId).eq("userId", filter.userId())
                .eq("memberId", filter.memberId()).status(filter.status(), Status.REVOCABLE).list(this);
    }

    /** The binding {@code id} if it lives in {@code spaceId}, else null. */
    public Uni<UserMember> inSpace(String spaceId, String id) {
        return find("id = ?1 and spaceId = ?2", id, spaceId).firstResult();
    }
}
