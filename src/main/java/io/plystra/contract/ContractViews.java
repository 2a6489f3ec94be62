package io.plystra.contract;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The answers of the contract routes. */
public final class ContractViews {

    private ContractViews() {
    }

    /** {@code validate}: the document is valid for the space; what it declares and how many changes an apply would make. */
    public record Validation(String spaceId, boolean valid, String digest, int resourceTypes, int roles, Integer gatewayRoutes,
                             int changes, int conflicts) {
    }

    /** {@code diff}: what an apply would change, and what it would refuse to remove. */
    public record Diff(String spaceId, String digest, List<ContractChange> changes, List<ContractConflict> conflicts) {
    }

    /**
     * {@code apply} and {@code rollback}: whether rows changed, the version in force afterwards and whether this
     * request made it ({@code new_version} false: the document is the latest version's and nothing changed).
     */
    public record Applied(String spaceId, boolean changed, Integer version, boolean newVersion, List<ContractChange> changes) {
    }

    /** A version; {@code document} (as it was sent) only when one version is read. */
    public record Version(String spaceId, int version, String reason, Integer restoredVersion, String digest, String format,
                          List<ContractChange> changes, String createdBy, Instant createdAt,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String document) {
    }
}
