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

/**
 * Everything one decision reads from the database, as immutable values. {@code attributes} are loaded only when a
 * grant's conditions read a stored attribute ({@link Attributes#NONE} otherwise).
 */
public record Snapshot(Actor actor, RegistrySnapshot registry, TargetSnapshot target, List<Grant> grants, List<TeamEdge> teams,
                       Attributes attributes) {

    public Snapshot(Actor actor, RegistrySnapshot registry, TargetSnapshot target, List<Grant> grants, List<TeamEdge> teams) {
        this(actor, registry, target, grants, teams, Attributes.NONE);
    }

    /** What the engine reads. */
    public DecisionSnapshot forEngine() {
        return new DecisionSnapshot(actor.rows(), actor.space(), registry, target, grants, teams, attributes);
    }

    /** Whether one of the grants' conditions reads a stored attribute (principal, resource, space, organization). */
    public boolean readsStoredAttributes() {
        for (Grant g : grants) {
            if (g.conditions().readsStoredAttributes()) {
                return true;
            }
        }
        return false;
    }

    public Snapshot with(Attributes loaded) {
        return new Snapshot(actor, registry, target, grants, teams, loaded);
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
