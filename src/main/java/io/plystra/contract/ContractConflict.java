package io.plystra.contract;

import java.util.List;

/**
 * Why a removal is refused: the row ({@code kind}, {@code key}) is still used by live bindings or resources
 * ({@code used_by}), up to five of which are named in {@code ids}.
 */
public record ContractConflict(String kind, String key, String usedBy, List<String> ids, String problem) {
}
