package io.plystra.identity.usermember;

import jakarta.ws.rs.QueryParam;

/** The optional filters of the binding list: equality on each given one; {@code status} is active or revoked. */
public record UserMemberFilter(@QueryParam("user_id") String userId, @QueryParam("member_id") String memberId,
                               @QueryParam("status") String status) {
}
