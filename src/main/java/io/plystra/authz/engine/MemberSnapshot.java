package io.plystra.authz.engine;

/**
 * The acting identity as it was at decision time. {@code memberType} is {@code service} for a service's
 * member; null when it was not loaded.
 */
public record MemberSnapshot(String id, String spaceId, String displayName, String status, String memberType) {

    public static final String SERVICE_TYPE = "service";

    public MemberSnapshot(String id, String spaceId, String displayName, String status) {
        this(id, spaceId, displayName, status, null);
    }
}
