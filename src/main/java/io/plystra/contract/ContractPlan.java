package io.plystra.contract;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * What applying a document to a space changes, in the order the writes run: each change with the write that
 * makes it, the removals refused (conflicts), and the problems only the database shows (a role naming a
 * permission of a type neither registered nor declared).
 */
final class ContractPlan {

    /** Kinds of change that write the instance-wide registry: the apply needs {@code registry:manage} instance-wide. */
    static final Set<String> REGISTRY = Set.of("resource_type", "resource_action", "column_catalogue", "column_group");

    final List<ContractChange> changes = new ArrayList<>();
    final List<ContractConflict> conflicts = new ArrayList<>();
    final List<ContractProblem> problems = new ArrayList<>();
    /** Permission ids by {@code resource:action:scope}: read while planning, or filled by the write that creates one. */
    final Map<String, String> permissionIds = new HashMap<>();
    private final List<Supplier<Uni<?>>> writes = new ArrayList<>();

    /** A change and the writes that make it (none: it is made by a write already listed). */
    @SafeVarargs
    final void add(ContractChange change, Supplier<Uni<?>>... write) {
        changes.add(change);
        writes.addAll(List.of(write));
    }

    void conflict(String kind, String key, String usedBy, List<String> ids) {
        conflicts.add(new ContractConflict(kind, key, usedBy, ids, kind.replace('_', ' ') + " " + key + " is still used by "
                + usedBy + " " + ids + (ids.size() == ContractRepository.USES_SHOWN ? " and maybe more" : "")
                + "; the contract cannot remove it"));
    }

    boolean writesRegistry() {
        return changes.stream().anyMatch(c -> REGISTRY.contains(c.kind()));
    }

    boolean writesPermissions() {
        return changes.stream().anyMatch(c -> c.kind().equals("permission"));
    }

    /** Runs the writes one after the other. */
    Uni<Void> write() {
        Uni<?> chain = Uni.createFrom().voidItem();
        for (Supplier<Uni<?>> w : writes) {
            chain = chain.chain(w);
        }
        return chain.replaceWithVoid();
    }
}
