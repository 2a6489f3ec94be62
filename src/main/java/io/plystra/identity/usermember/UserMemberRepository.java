package io.plystra.identity.usermember;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.identity.KeysetQuery;
import io.plystra.platform.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class UserMemberRepository implements PanacheRepositoryBase<UserMember, String> {

    static final List<String> STATUSES = List.of("active", "revoked");

    public Uni<List<UserMember>> page(PageRequest page, String spaceId, String userId, String memberId, String status) {
        return new KeysetQuery(page).and("spaceId = :spaceId", "spaceId", spaceId).and("userId = :userId", "userId", userId)
                .and("memberId = :memberId", "memberId", memberId).status(status, STATUSES).fetch(this);
    }

    /** The binding {@code id} if it lives in {@code spaceId}, else null. */
    public Uni<UserMember> inSpace(String spaceId, String id) {
        return find("id = ?1 and spaceId = ?2", id, spaceId).firstResult();
    }
}
