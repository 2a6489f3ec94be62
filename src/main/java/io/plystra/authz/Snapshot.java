package io.plystra.authz;

import java.util.List;

import io.plystra.authz.engine.ActorSnapshot;
import io.plystra.authz.engine.Attributes;
import io.plystra.authz.engine.DecisionSnapshot;
import io.plystra.authz.engine.Grant;
import io.plystra.authz.engine.MemberSnapshot;
import io.plystra.authz.engine.RegistrySnapshot;
import io.plystra.authz.engine.ServiceSnapshot;
import io.plystra.authz.engine.SpaceSnapshot;
import io.plystra.authz.engine.TargetSnapshot;
import io.plystra.authz.engine.TeamEdge;
import io.plystra.authz.engine.UserMemberSnapshot;
import io.plystra.authz.engine.UserSnapshot;

/** Everything one decision reads from the database, as immutable values. */
public record Snapshot(Actor actor, RegistrySnapshot registry, TargetSnapshot target, List<Grant> grants, List<TeamEdge> teams) {

    /** What the engine reads, with the attributes loaded beside the snapshot. */
    public DecisionSnapshot forEngine(Attributes attributes) {
        return new DecisionSnapshot(actor.rows(), actor.space(), registry,
                target, grants, teams, attributes);
    }

    /**
     * The rows the actor's ids name; each null when no such row exists. A human actor's tuple has no
     * {@code service}; a service actor's has no {@code user} and no {@code userMember}.
     */
    public record Actor(UserSnapshot user, MemberSnapshot member, UserMemberSnapshot userMember, SpaceSnapshot space,
                        ServiceSnapshot service) {

        /** The actor rows as the engine reads them. */
        public ActorSnapshot rows() {
            return new ActorSnapshot(user, member, userMember, service);
        }
    }
}
