package io.plystra.identity.organization;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.kernel.KeysetQuery;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Organizations and their tree, in the caller's Hibernate Reactive session. */
@ApplicationScoped
public class OrganizationRepository implements PanacheRepositoryBase<Organization, String> {

    /**
     * An organization and its ancestors, itself first and the root last. Bounded, so that rows written around the
     * API with a cycle cannot make it run for ever.
     */
    static final String CHAIN_SQL = """
            WITH RECURSIVE up(id, parent_id, depth) AS (
                SELECT id, parent_id, 1 FROM organizations WHERE id = ?1
                UNION ALL
                SELECT o.id, o.parent_id, u.depth + 1 FROM organizations o JOIN up u ON o.id = u.parent_id WHERE u.depth < 64)
            SELECT id FROM up ORDER BY depth""";

    /** The organization chain of a space: its organization first, then each ancestor (none for a space of no organization). */
    static final String SPACE_CHAIN_SQL = """
            WITH RECURSIVE up(id, parent_id, depth) AS (
                SELECT o.id, o.parent_id, 1 FROM spaces s JOIN organizations o ON o.id = s.organization_id WHERE s.id = ?1
                UNION ALL
                SELECT o.id, o.parent_id, u.depth + 1 FROM organizations o JOIN up u ON o.id = u.parent_id WHERE u.depth < 64)
            SELECT id FROM up ORDER BY depth""";

    /** How many levels an organization's subtree has, itself included (1 for a leaf). */
    static final String HEIGHT_SQL = """
            WITH RECURSIVE down(id, depth) AS (
                SELECT id, 1 FROM organizations WHERE id = ?1
                UNION ALL
                SELECT o.id, d.depth + 1 FROM organizations o JOIN down d ON o.parent_id = d.id WHERE d.depth < 64)
            SELECT max(depth) FROM down""";

    /** What still names an organization, so that it cannot be deleted: each kind of row, once. */
    static final String IN_USE_SQL = """
            SELECT 'child organizations' WHERE EXISTS (SELECT 1 FROM organizations WHERE parent_id = ?1)
            UNION ALL SELECT 'spaces' WHERE EXISTS (SELECT 1 FROM spaces WHERE organization_id = ?1)
            UNION ALL SELECT 'roles' WHERE EXISTS (SELECT 1 FROM roles WHERE organization_id = ?1)
            UNION ALL SELECT 'admin grants' WHERE EXISTS (SELECT 1 FROM admin_grants WHERE organization_id = ?1)
            UNION ALL SELECT 'attributes' WHERE EXISTS (
                SELECT 1 FROM attributes WHERE space_id IS NULL AND subject_kind = 'organization' AND subject_id = ?1)""";

    /** Up to {@code limit + 1} organizations after the cursor, oldest first; {@code only} null means every organization. */
    public Uni<List<Organization>> page(PageRequest page, Set<String> only, String status, String parentId) {
        return KeysetQuery.after(page)
                .where("id in :only", "only", only == null ? null : only.isEmpty() ? Set.of("") : only)
                .eq("parentId", parentId)
                .status(status, Status.DISABLEABLE)
                .list(this);
    }

    /** The organization and its ancestors, itself first; empty when it does not exist. */
    public Uni<List<String>> chain(String id) {
        return ids(CHAIN_SQL, id);
    }

    /** The organization of the space and that organization's ancestors, nearest first; empty for a space of no organization. */
    public Uni<List<String>> chainOfSpace(String spaceId) {
        return ids(SPACE_CHAIN_SQL, spaceId);
    }

    public Uni<Integer> height(String id) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(HEIGHT_SQL, Integer.class).setParameter(1, id)
                .getSingleResult());
    }

    /** The kinds of rows that still name the organization ({@code spaces}, {@code roles}, ...); empty when none does. */
    public Uni<List<String>> inUse(String id) {
        return ids(IN_USE_SQL, id);
    }

    /** Takes the tree's lock until the transaction ends: one change of the tree's shape at a time, so no two close a cycle. */
    public Uni<Void> lockTree() {
        return Panache.getSession().flatMap(s -> s.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(?1))", Object.class)
                .setParameter(1, "organizations:tree").getSingleResult()).replaceWithVoid();
    }

    private static Uni<List<String>> ids(String sql, String id) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(sql, String.class).setParameter(1, id).getResultList());
    }
}
