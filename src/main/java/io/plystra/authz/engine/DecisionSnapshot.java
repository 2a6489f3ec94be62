package io.plystra.authz.engine;

import java.util.List;

/**
 * Everything one decision reads, as loaded at decision time: the actor tuple (any part null when
 * its row does not exist), the space, the registry entry, the target, the actor's candidate grants (its own
 * bindings and those of every team it may reach), the links of those teams, and the attributes conditions read.
 */
public record DecisionSnapshot(ActorSnapshot actor, SpaceSnapshot space, RegistrySnapshot registry, TargetSnapshot target,
                               List<Grant> grants, List<TeamEdge> teams, Attributes attributes) {

    public DecisionSnapshot {
        teams = teams == null ? List.of() : teams;
        attributes = attributes == null ? Attributes.NONE : attributes;
    }

    public DecisionSnapshot(ActorSnapshot actor, SpaceSnapshot space, RegistrySnapshot registry, TargetSnapshot target,
                            List<Grant> grants) {
        this(actor, space, registry, target, grants, List.of(), Attributes.NONE);
    }

    public DecisionSnapshot(UserSnapshot user, MemberSnapshot member, UserMemberSnapshot userMember, SpaceSnapshot space,
                            RegistrySnapshot registry, TargetSnapshot target, List<Grant> grants) {
        this(new ActorSnapshot(user, member, userMember), space, registry, target, grants);
    }
}
