package io.plystra.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.plystra.authz.engine.ActorRef;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The actor a verified JWT acts as in a space: the user its claim names ({@code sub} matches
 * {@code users.external_subject}, {@code email} the email), through that user's primary active
 * binding in the space, or the binding to the member the gateway names. One prepared statement on
 * the reactive pool.
 */
@ApplicationScoped
public class GatewayActors {

    static final String ACTOR_SQL = """
            SELECT u.id, um.member_id, um.id
            FROM users u
            JOIN user_members um ON um.user_id = u.id AND um.space_id = $2 AND um.status = 'active'
                 AND (um.expires_at IS NULL OR um.expires_at > now())
            WHERE CASE WHEN $3 = 'email' THEN lower(u.email) = lower($1) ELSE u.external_subject = $1 END
              AND ($4::text IS NULL OR um.member_id = $4)
            ORDER BY um.is_primary DESC, um.created_at, um.id
            LIMIT 1""";

    @Inject
    Pool pool;

    /** The actor, or null when the subject is no user with an active binding in the space. */
    public Uni<ActorRef> of(JwtIssuers.Subject subject, String spaceId, String memberId) {
        return pool.preparedQuery(ACTOR_SQL).execute(Tuple.of(subject.value(), spaceId, subject.claim(), memberId)).map(rows -> {
            RowIterator<Row> it = rows.iterator();
            if (!it.hasNext()) {
                return null;
            }
            Row r = it.next();
            return new ActorRef(r.getString(0), r.getString(1), r.getString(2), spaceId);
        });
    }
}
