package io.plystra.authz.engine;

/** A service principal as it was at decision time: the member it acts as, its space and its state. Never its keys. */
public record ServiceSnapshot(String id, String spaceId, String memberId, String name, String status) {
}
