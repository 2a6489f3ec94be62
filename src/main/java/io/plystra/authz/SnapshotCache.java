package io.plystra.authz;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.plystra.kernel.ChangeSubscriber;
import io.plystra.authz.engine.ActorRef;
import io.plystra.authz.engine.Grant;
import io.plystra.authz.engine.RegistrySnapshot;
import io.plystra.authz.engine.TargetSnapshot;
import io.plystra.authz.engine.TeamEdge;
import io.plystra.kernel.Generation;
import io.plystra.kernel.PlystraConfig;
import io.plystra.kernel.WeighedCaches;

/**
 * The immutable snapshots decisions read, kept in bounded caches: actor tuples (keyed by the whole
 * {@link ActorRef}, the service id of a service actor included), targets, registry
 * entries, a member's grants for one resource type and action and its links into teams, each bounded by memory
 * ({@link WeighedCaches}). {@link ChangeListener} evicts
 * what each committed change touches; a maximum age bounds staleness if a notification is ever
 * missed. A load that raced with an eviction is not cached: every eviction advances the
 * {@link Generation}, and {@code put} keeps only a value loaded and stored with no eviction in between.
 */
@ApplicationScoped
public class SnapshotCache implements ChangeSubscriber {

    /** A target as an actor of {@code spaceId} names it: its own space's resource of that type and id first. */
    public record TargetKey(String spaceId, String type, String resourceId) {
    }

    public record RegistryKey(String type, String action) {
    }

    public record GrantsKey(String memberId, String type, String action) {
    }

    private final Cache<ActorRef, Snapshot.Actor> actors;
    private final Cache<TargetKey, TargetSnapshot> targets;
    private final Cache<RegistryKey, RegistrySnapshot> registry;
    private final Cache<GrantsKey, List<Grant>> grants;
    private final Cache<String, List<TeamEdge>> teams;
    private final Generation generation = new Generation();

    public SnapshotCache(PlystraConfig config, MeterRegistry meters) {
        Duration maxAge = config.cache().maxAge();
        long bytes = config.cache().bytesPerCache();
        this.actors = WeighedCaches.build(bytes, maxAge);
        this.targets = WeighedCaches.build(bytes, maxAge);
        this.registry = WeighedCaches.build(bytes, maxAge);
        this.grants = WeighedCaches.build(bytes, maxAge);
        this.teams = WeighedCaches.build(bytes, maxAge);
        CaffeineCacheMetrics.monitor(meters, actors, "plystra_actors");
        CaffeineCacheMetrics.monitor(meters, targets, "plystra_targets");
        CaffeineCacheMetrics.monitor(meters, registry, "plystra_registry");
        CaffeineCacheMetrics.monitor(meters, grants, "plystra_grants");
        CaffeineCacheMetrics.monitor(meters, teams, "plystra_teams");
    }

    /** The generation to pass back to the {@code put} methods for a value about to be loaded. */
    public long generation() {
        return generation.current();
    }

    public Snapshot.Actor actor(ActorRef key) {
        return actors.getIfPresent(key);
    }

    public TargetSnapshot target(TargetKey key) {
        return targets.getIfPresent(key);
    }

    public RegistrySnapshot registry(RegistryKey key) {
        return registry.getIfPresent(key);
    }

    public List<Grant> grants(GrantsKey key) {
        return grants.getIfPresent(key);
    }

    /** The links into teams a member may follow (see {@link SnapshotLoader}), by member id. */
    public List<TeamEdge> teams(String memberId) {
        return teams.getIfPresent(memberId);
    }

    public void putTeams(String memberId, List<TeamEdge> value, long loadedAt) {
        generation.put(teams, memberId, value, loadedAt);
    }

    public void putActor(ActorRef key, Snapshot.Actor value, long loadedAt) {
        generation.put(actors, key, value, loadedAt);
    }

    public void putTarget(TargetKey key, TargetSnapshot value, long loadedAt) {
        generation.put(targets, key, value, loadedAt);
    }

    public void putRegistry(RegistryKey key, RegistrySnapshot value, long loadedAt) {
        generation.put(registry, key, value, loadedAt);
    }

    public void putGrants(GrantsKey key, List<Grant> value, long loadedAt) {
        generation.put(grants, key, value, loadedAt);
    }

    /** Applies one change notification ({@code <table>:<id>[:<member_id>]}); unknown tables clear everything. */
    @Override
    public void invalidate(String change) {
        generation.advance();
        String[] parts = change.split(":", 3);
        String table = parts[0];
        String id = parts.length > 1 ? parts[1] : "";
        switch (table) {
            case "users" -> evict(actors, a -> id.equals(a.userId()));
            case "members" -> {
                evict(actors, a -> id.equals(a.memberId()));
                evict(grants, k -> id.equals(k.memberId()));
                teams.invalidate(id);
            }
            case "user_members" -> evict(actors, a -> id.equals(a.userMemberId()));
            case "services" -> evict(actors, a -> id.equals(a.serviceId()));
            case "spaces" -> evict(actors, a -> id.equals(a.spaceId()));
            case "organizations" -> actors.asMap().values().removeIf(a -> a.space() != null && a.space().within(id));
            case "member_roles" -> {
                String member = parts.length > 2 ? parts[2] : null;
                if (member == null) {
                    grants.invalidateAll();
                } else {
                    evict(grants, k -> k.memberId().equals(member));
                }
            }
            case "roles", "role_permissions", "permissions" -> grants.invalidateAll();
            case "teams", "team_members", "team_parents" -> {
                // Reach follows links across members: which members a link affects is not in the notification.
                teams.invalidateAll();
                grants.invalidateAll();
            }
            case "groups" -> {
                targets.invalidateAll();
                grants.invalidateAll();
            }
            case "resources" -> evict(targets, k -> k.resourceId().equals(id));
            case "resource_types", "resource_actions" -> registry.invalidateAll();
            case "sessions", "admin_grants", "api_keys", "gateway_routes", "service_keys", "attributes",
                 "resource_type_columns", "column_groups" -> {
                // Not these snapshots: the caller cache, the route tables, attribute snapshots and column catalogues handle these.
            }
            default -> clear();
        }
    }

    @Override
    public void clear() {
        generation.advance();
        actors.invalidateAll();
        targets.invalidateAll();
        registry.invalidateAll();
        grants.invalidateAll();
        teams.invalidateAll();
    }

    private static <K> void evict(Cache<K, ?> cache, Predicate<K> matches) {
        cache.asMap().keySet().removeIf(matches);
    }
}
