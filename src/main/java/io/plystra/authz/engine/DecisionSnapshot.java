package io.plystra.authz.engine;

import java.util.List;

/**
 * Everything one decision reads, as loaded at decision time: the actor tuple (any part null when
 * its row does not exist), the space, the registry entry, the target, and the actor's candidate grants.
 */
public record DecisionSnapshot(ActorSnapshot actor, SpaceSnapshot space, RegistrySnapshot registry, TargetSnapshot target,
                               List<Grant> grants) {

    public DecisionSnapshot(UserSnapshot user, MemberSnapshot member, UserMemberSnapshot userMember, SpaceSnapshot space,
                            RegistrySnapshot registry, TargetSnapshot target, List<Grant> grants) {
        this(new ActorSnapshot(user, member, userMember), space, registry, target, grants);
    }
}
