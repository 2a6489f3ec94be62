package io.plystra.authz;

import java.util.List;

import io.plystra.authz.engine.Grant;
import io.plystra.authz.engine.MemberSnapshot;
import io.plystra.authz.engine.RegistrySnapshot;
import io.plystra.authz.engine.SpaceSnapshot;
import io.plystra.authz.engine.TargetSnapshot;
import io.plystra.authz.engine.UserMemberSnapshot;
import io.plystra.authz.engine.UserSnapshot;

/** Everything one decision reads from the database, as immutable values. */
public record Snapshot(Actor actor, RegistrySnapshot registry, TargetSnapshot target, List<Grant> grants) {

    /** The rows the four actor ids name; each null when no such row exists. */
    public record Actor(UserSnapshot user, MemberSnapshot member, UserMemberSnapshot userMember, SpaceSnapshot space) {
    }
}
