package io.plystra.authz.engine;

public enum DenyCode {
    ACTOR_NOT_FOUND,
    ACTOR_USER_INACTIVE,
    ACTOR_MEMBER_INACTIVE,
    /** A service actor whose service is disabled (the service form of the actor). */
    SERVICE_INACTIVE,
    USER_MEMBER_REVOKED,
    USER_MEMBER_EXPIRED,
    SPACE_INACTIVE,
    /** The actor's space belongs to a disabled organization, or to one below a disabled organization. */
    ORGANIZATION_INACTIVE,
    CROSS_SPACE_VIOLATION,
    INVALID_RESOURCE_TYPE,
    INVALID_RESOURCE_ACTION,
    RESOURCE_NOT_FOUND,
    RESOURCE_ARCHIVED,
    NO_MATCHING_PERMISSION,
    SCOPE_ANCHOR_MISSING,
    TARGET_GROUP_MISSING,
    SCOPE_OUT_OF_BOUNDS,
    GLOBAL_SCOPE_DISABLED,
    /** A covered candidate whose binding's required attributes do not hold. */
    CONDITION_NOT_MET,
    /** A covered candidate whose binding's window has not started. */
    BINDING_NOT_YET_VALID,
    /** A covered candidate whose binding's window has ended. */
    BINDING_EXPIRED,
    /** A column-level answer: the column is not in the type's column catalogue. */
    UNKNOWN_COLUMN,
    /** A column-level answer: the row is allowed, but no allowing binding's column groups hold the column. */
    COLUMN_NOT_GRANTED,
    /** A gateway's request that no route of the space maps (gateway/ForwardService). */
    ROUTE_NOT_MAPPED
}
