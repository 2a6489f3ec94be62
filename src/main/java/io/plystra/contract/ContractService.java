package io.plystra.contract;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.plystra.audit.AuditedWrite;
import io.plystra.audit.Mutation;
import io.plystra.identity.ReferenceRepository;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.Caller;
import io.plystra.kernel.Page;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.PlystraConfig;
import io.plystra.kernel.RequestContext;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * A space's contract (docs/contracts.md): validate, diff, apply and roll back a document, and read its
 * versions. The route's {@code contracts:*} permission in the space is checked before these run; an apply
 * that writes the instance-wide registry also needs {@code registry:manage} instance-wide, and one that
 * creates or restores a permission {@code permissions:manage} instance-wide, as their own routes do.
 */
@ApplicationScoped
public class ContractService {

    static final String REGISTRY_MANAGE = "registry:manage";
    static final String PERMISSIONS_MANAGE = "permissions:manage";

    @Inject
    ContractPlanner planner;
    @Inject
    ContractRepository versions;
    @Inject
    ReferenceRepository references;
    @Inject
    AuditedWrite writes;
    @Inject
    RequestContext request;
    private final ObjectMapper json;
    private final boolean production;

    public ContractService(ObjectMapper json, PlystraConfig config) {
        this.json = json;
        this.production = config.production();
    }

    @WithSession
    public Uni<ContractViews.Validation> validate(String spaceId, String contentType, String body) {
        ContractDocument document = ContractDocument.read(body, ContractDocument.formatOf(contentType), production);
        return references.space(spaceId).chain(() -> plan(spaceId, document)).map(plan -> {
            Contract c = document.contract();
            return new ContractViews.Validation(spaceId, true, document.digest(), c.types().size(), c.roleList().size(),
                    c.gateway() == null ? null : c.gateway().routes().size(), plan.changes.size(), plan.conflicts.size());
        });
    }

    @WithSession
    public Uni<ContractViews.Diff> diff(String spaceId, String contentType, String body) {
        ContractDocument document = ContractDocument.read(body, ContractDocument.formatOf(contentType), production);
        return references.space(spaceId).chain(() -> plan(spaceId, document))
                .map(plan -> new ContractViews.Diff(spaceId, document.digest(), plan.changes, plan.conflicts));
    }

    @WithTransaction
    public Uni<ContractViews.Applied> apply(String spaceId, String contentType, String body) {
        ContractDocument document = ContractDocument.read(body, ContractDocument.formatOf(contentType), production);
        return versions.lockSpace(spaceId).chain(() -> apply(spaceId, document, ContractVersion.APPLIED, null));
    }

    /** Applies version {@code body.version}'s document as the next version. */
    @WithTransaction
    public Uni<ContractViews.Applied> rollback(String spaceId, ContractRollback body) {
        if (body == null || body.version() == null) {
            throw ApiException.validation("version", "is required");
        }
        if (body.version() < 1) {
            throw ApiException.validation("version", "must be a version of this space's contract (1 or more)");
        }
        int n = body.version();
        return versions.lockSpace(spaceId).chain(() -> versions.of(spaceId, n)).flatMap(target -> {
            if (target == null) {
                throw ApiException.validation("version", "must be an existing version of this space's contract");
            }
            return apply(spaceId, ContractDocument.read(target.document, target.format, production), ContractVersion.ROLLED_BACK, n);
        });
    }

    @WithSession
    public Uni<Page<ContractViews.Version>> list(String spaceId, PageRequest page) {
        return references.space(spaceId).chain(() -> versions.page(spaceId, page)).map(rows -> Page.of(rows, page.limit(),
                v -> v.createdAt, v -> String.valueOf(v.version), v -> view(v, false)));
    }

    @WithSession
    public Uni<ContractViews.Version> get(String spaceId, String number) {
        int n = versionNumber(number);
        return references.space(spaceId).chain(() -> versions.of(spaceId, n))
                .onItem().ifNull().failWith(() -> ApiException.notFound("contract_version", number))
                .map(v -> view(v, true));
    }

    /**
     * Plans, refuses (400 for references only the database shows, 409 for removals still in use), writes,
     * and records the version. A document that is the latest version's and changes nothing writes nothing.
     */
    private Uni<ContractViews.Applied> apply(String spaceId, ContractDocument document, String reason, Integer restored) {
        return versions.latest(spaceId).flatMap(latest -> plan(spaceId, document, latest).flatMap(plan -> {
            if (!plan.conflicts.isEmpty()) {
                throw ApiException.conflict("contract", plan.conflicts.get(0).problem(), Map.of("conflicts", plan.conflicts));
            }
            boolean changed = !plan.changes.isEmpty();
            if (!changed && latest != null && latest.digest.equals(document.digest())) {
                return Uni.createFrom().item(new ContractViews.Applied(spaceId, false, latest.version, false, List.of()));
            }
            Caller caller = request.caller();
            if (plan.writesRegistry()) {
                caller.require(REGISTRY_MANAGE, null);
            }
            if (plan.writesPermissions()) {
                caller.require(PERMISSIONS_MANAGE, null);
            }
            ContractVersion v = new ContractVersion();
            v.spaceId = spaceId;
            v.version = latest == null ? 1 : latest.version + 1;
            v.format = document.format();
            v.document = document.text();
            v.digest = document.digest();
            v.changes = text(plan.changes);
            v.reason = reason;
            v.restoredVersion = restored;
            v.createdBy = caller.userId() != null ? caller.userId() : caller.apiKeyId();
            v.createdAt = request.now();
            Mutation<ContractViews.Applied> mutation = new Mutation<>("contract", reason, spaceId + "@" + v.version, spaceId,
                    new ContractViews.Applied(spaceId, changed, v.version, true, plan.changes)).with("digest", v.digest)
                    .with("restored_version", restored);
            return plan.write().chain(() -> writes.commit(versions.persistAndFlush(v), mutation));
        }));
    }

    private Uni<ContractPlan> plan(String spaceId, ContractDocument document) {
        return versions.latest(spaceId).flatMap(latest -> plan(spaceId, document, latest));
    }

    /** The plan against the space as it is, {@code latest} the space's newest version (null: none). */
    private Uni<ContractPlan> plan(String spaceId, ContractDocument document, ContractVersion latest) {
        return planner.plan(spaceId, document,
                latest == null ? null : ContractDocument.read(latest.document, latest.format, production).contract()).invoke(plan -> {
            if (!plan.problems.isEmpty()) {
                throw ContractDocument.invalid(plan.problems);
            }
        });
    }

    private ContractViews.Version view(ContractVersion v, boolean withDocument) {
        List<ContractChange> changes;
        try {
            changes = json.readValue(v.changes, new TypeReference<List<ContractChange>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return new ContractViews.Version(v.spaceId, v.version, v.reason, v.restoredVersion, v.digest, v.format, changes, v.createdBy,
                v.createdAt, withDocument ? v.document : null);
    }

    private String text(List<ContractChange> changes) {
        try {
            return json.writeValueAsString(changes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A version number of a path: 404 for anything but a whole number from 1, as for a version that does not exist. */
    private static int versionNumber(String number) {
        try {
            int n = Integer.parseInt(number);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // not a version
        }
        throw ApiException.notFound("contract_version", number);
    }
}
