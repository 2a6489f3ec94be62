package io.plystra.identity.usermember;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.kernel.KeysetQuery;
import io.plystra.kernel.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class UserMemberRepository implements PanacheRepositoryBase<UserMember, String> {

    static final Set<String> STATUSES = Set.of("active", "revoked");

    public Uni<List<UserMember>> page(PageRequest page, String spaceId, String userId, String memberId, String status) {
        return KeysetQuery.after(page).eq("spaceId", spaceId).eq("userId", userId)
                .eq("memberId", memberId).oneOf("status", "status", status, STATUSES).list(this);
    }

    /** The binding {@code id} if it lives in {@code spaceId}, else null. */
    public Uni<UserMember> inSpace(String spaceId, String id) {
        return find("id = ?1 and spaceId = ?2", id, spaceId).firstResult();
    }
}
