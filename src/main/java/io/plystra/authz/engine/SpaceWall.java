package io.plystra.authz.engine;

/**
 * What a decision may show of rows outside the actor's space: their ids, nothing more. A caller holds
 * {@code authz:check} in one space; the answer and the audit row (the trace) must tell it nothing of
 * any other space, whatever actor tuple or target it names. The decision itself reads the full rows.
 */
final class SpaceWall {

    private SpaceWall() {
    }

    /**
     * The actor tuple as the trace shows it: a user only when an in-space binding of the request binds it; a
     * member or a service of another space by id only.
     */
    static ActorSnapshot actor(ActorSnapshot rows, String spaceId) {
        UserMemberSnapshot binding = rows.userMember();
        boolean bindingInside = binding != null && spaceId != null && spaceId.equals(binding.spaceId());
        UserSnapshot user = rows.user();
        if (user != null && !(bindingInside && user.id() != null && user.id().equals(binding.userId()))) {
            user = new UserSnapshot(user.id(), null, null);
        }
        MemberSnapshot member = rows.member();
        if (member != null && (spaceId == null || !spaceId.equals(member.spaceId()))) {
            member = new MemberSnapshot(member.id(), null, null, null);
        }
        if (binding != null && !bindingInside) {
            binding = new UserMemberSnapshot(binding.id(), null, null, null, null, null, false, null);
        }
        ServiceSnapshot service = rows.service();
        if (service != null && (spaceId == null || !spaceId.equals(service.spaceId()))) {
            service = new ServiceSnapshot(service.id(), null, null, null, null);
        }
        return user == rows.user() && member == rows.member() && binding == rows.userMember() && service == rows.service() ? rows
                : new ActorSnapshot(user, member, binding, service);
    }

    /** The target as the trace shows it: a resource or group of another space by id only. */
    static TargetSnapshot target(TargetSnapshot target, String spaceId) {
        if (target == null) {
            return null;
        }
        ResourceSnapshot resource = target.resource();
        if (resource != null && (spaceId == null || !spaceId.equals(resource.spaceId()))) {
            resource = new ResourceSnapshot(resource.id(), resource.type(), null, null, null, null, null, null);
        }
        GroupSnapshot group = target.group();
        if (group != null && (spaceId == null || !spaceId.equals(group.spaceId()))) {
            group = new GroupSnapshot(group.id(), null, null, null);
        }
        return resource == target.resource() && group == target.group() ? target : new TargetSnapshot(resource, group);
    }
}
