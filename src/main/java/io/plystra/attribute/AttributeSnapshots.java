package io.plystra.attribute;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.github.benmanes.caffeine.cache.Cache;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.plystra.authz.engine.Attribute;
import io.plystra.kernel.ChangeListener;
import io.plystra.kernel.ChangeSubscriber;
import io.plystra.kernel.DbTime;
import io.plystra.kernel.Generation;
import io.plystra.kernel.PlystraConfig;
import io.plystra.kernel.WeighedCaches;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The attributes decisions read, per subject, cached like the decision snapshots: bounded by memory
 * ({@link WeighedCaches}), evicted by the change notification of the subject
 * ({@code attributes:<kind>:<space>:<subject>}, V015), bypassed while notifications are not received,
 * and never storing a load that raced with an eviction ({@link Generation}). A miss costs one prepared
 * statement on the reactive pool for all the missing subjects of a decision; no ORM session.
 *
 * <p>An attribute is cached with its expiry: a read after that instant no longer returns it, whatever the
 * cache holds (and the engine checks {@link Attribute#liveAt} against its own {@code now}).
 */
@ApplicationScoped
public class AttributeSnapshots implements ChangeSubscriber {

    static final String PREFIX = "attributes:";

    /** The live attributes of the named subjects of one space ({@code $2} kinds and {@code $3} ids, pairwise). */
    static final String SUBJECTS_SQL = """
            SELECT a.subject_kind, a.subject_id, a.key, a.value_type, a.value::text, a.expires_at
            FROM attributes a
            WHERE a.space_id = $1
              AND (a.subject_kind, a.subject_id) IN (SELECT * FROM unnest($2::text[], $3::text[]))
              AND (a.expires_at IS NULL OR a.expires_at > $4)""";

    /** The live attributes of one subject of no space (an organization). */
    static final String SPACELESS_SQL = """
            SELECT a.subject_kind, a.subject_id, a.key, a.value_type, a.value::text, a.expires_at
            FROM attributes a
            WHERE a.space_id IS NULL AND a.subject_kind = $1 AND a.subject_id = $2
              AND (a.expires_at IS NULL OR a.expires_at > $3)""";

    /**
     * One subject's attributes as of an instant ($4), rebuilt from attribute_history: each key's last set or delete at or
     * before it, a set counting unless expired by then. {@code %s} places the subject's space ($1, null for an organization's).
     */
    private static final String AS_OF_SQL = """
            SELECT h.subject_kind, h.subject_id, h.key, h.new_value_type, h.new_value::text, h.new_expires_at
            FROM (SELECT DISTINCT ON (key) subject_kind, subject_id, key, operation, new_value_type, new_value, new_expires_at
                  FROM attribute_history
                  WHERE %s AND subject_kind = $2 AND subject_id = $3 AND created_at <= $4
                  ORDER BY key, created_at DESC, id DESC) h
            WHERE h.operation = 'set' AND (h.new_expires_at IS NULL OR h.new_expires_at > $4)""";
    static final String AS_OF_IN_SPACE_SQL = AS_OF_SQL.formatted("space_id = $1");
    static final String AS_OF_SPACELESS_SQL = AS_OF_SQL.formatted("space_id IS NULL AND $1::text IS NULL");

    /** One subject's attributes by key, and the earliest expiry among them (null: none expires). */
    record Entry(Map<String, Attribute> attributes, Instant firstExpiry) {

        static final Entry NONE = new Entry(Map.of(), null);

        static Entry of(Map<String, Attribute> attributes) {
            Instant first = null;
            for (Attribute a : attributes.values()) {
                if (a.expiresAt() != null && (first == null || a.expiresAt().isBefore(first))) {
                    first = a.expiresAt();
                }
            }
            return attributes.isEmpty() ? NONE : new Entry(Map.copyOf(attributes), first);
        }

        /** The attributes live at {@code now}. */
        Map<String, Attribute> at(Instant now) {
            if (firstExpiry == null || firstExpiry.isAfter(now)) {
                return attributes;
            }
            Map<String, Attribute> live = new HashMap<>();
            attributes.forEach((k, a) -> {
                if (a.liveAt(now)) {
                    live.put(k, a);
                }
            });
            return Map.copyOf(live);
        }
    }

    private final Pool pool;
    private final ChangeListener listener;
    private final Clock clock;
    private final ObjectReader json;
    private final Cache<String, Entry> cache;
    private final Generation generation = new Generation();

    public AttributeSnapshots(Pool pool, ChangeListener listener, Clock clock, ObjectMapper mapper, PlystraConfig config,
                              MeterRegistry meters) {
        this.pool = pool;
        this.listener = listener;
        this.clock = clock;
        this.json = ExactJson.reader(mapper);
        this.cache = WeighedCaches.build(config.cache().bytesPerCache(), config.cache().maxAge());
        CaffeineCacheMetrics.monitor(meters, cache, "plystra_attributes");
    }

    /**
     * The live attributes of the decision's principal (member {@code memberId}), target resource
     * ({@code resourceType}, {@code resourceId}) and space; a null member or resource has none.
     *
     * @param fresh read from the database (the caller asked for at-least-as-fresh data); so does every
     *              load while change notifications are not being received
     */
    public Uni<AttributeSnapshot> load(String spaceId, String memberId, String resourceType, String resourceId, boolean fresh) {
        List<Subject> subjects = new ArrayList<>(3);
        Subject principal = memberId == null ? null : new Subject(AttributeSubject.MEMBER, memberId);
        Subject resource = resourceType == null || resourceId == null ? null
                : new Subject(AttributeSubject.RESOURCE, resourceType + ":" + resourceId);
        Subject space = new Subject(AttributeSubject.SPACE, spaceId);
        for (Subject k : new Subject[] {principal, resource, space}) {
            if (k != null) {
                subjects.add(k);
            }
        }
        return entries(spaceId, subjects, fresh).map(found -> {
            Instant now = DbTime.now(clock);
            return new AttributeSnapshot(principal == null ? Map.of() : found.get(principal.key(spaceId)).at(now),
                    resource == null ? Map.of() : found.get(resource.key(spaceId)).at(now), found.get(space.key(spaceId)).at(now));
        });
    }

    /** A subject of a space, by stored kind and id. */
    private record Subject(String kind, String id) {
        String key(String spaceId) {
            return AttributeSubject.cacheKey(kind, spaceId, id);
        }
    }

    /**
     * The live attributes of one subject: {@code kind} as stored ({@code member}, {@code resource} with
     * {@code <type>:<id>}, {@code space}, {@code organization} with a null {@code spaceId}).
     */
    public Uni<Map<String, Attribute>> subject(String kind, String spaceId, String subjectId, boolean fresh) {
        String key = AttributeSubject.cacheKey(kind, spaceId, subjectId);
        if (spaceId != null) {
            return entries(spaceId, List.of(new Subject(kind, subjectId)), fresh).map(found -> found.get(key).at(DbTime.now(clock)));
        }
        Entry cached = fresh || !listener.listening() ? null : cache.getIfPresent(key);
        if (cached != null) {
            return Uni.createFrom().item(cached.at(DbTime.now(clock)));
        }
        long loadedAt = generation.current();
        return pool.preparedQuery(SPACELESS_SQL).execute(Tuple.of(kind, subjectId, OffsetDateTime.now(clock)))
                .map(rows -> {
                    Map<String, Map<String, Attribute>> bySubject = group(rows, null);
                    Entry entry = Entry.of(bySubject.getOrDefault(key, Map.of()));
                    generation.put(cache, key, entry, loadedAt);
                    return entry.at(DbTime.now(clock));
                });
    }

    /**
     * One subject's attributes as they were at {@code at}, from their history (never cached): {@code kind} as stored,
     * a null {@code spaceId} for an organization.
     */
    public Uni<Map<String, Attribute>> asOf(String kind, String spaceId, String subjectId, Instant at) {
        return pool.preparedQuery(spaceId == null ? AS_OF_SPACELESS_SQL : AS_OF_IN_SPACE_SQL)
                .execute(Tuple.of(spaceId, kind, subjectId, at.atOffset(ZoneOffset.UTC)))
                .map(rows -> group(rows, spaceId).getOrDefault(AttributeSubject.cacheKey(kind, spaceId, subjectId), Map.of()));
    }

    /** The entries of these subjects of one space, by cache key: the cached ones, and one statement for all the others. */
    private Uni<Map<String, Entry>> entries(String spaceId, List<Subject> subjects, boolean fresh) {
        boolean useCache = !fresh && listener.listening();
        Map<String, Entry> found = new HashMap<>();
        List<Subject> missing = new ArrayList<>();
        for (Subject subject : subjects) {
            Entry e = useCache ? cache.getIfPresent(subject.key(spaceId)) : null;
            if (e != null) {
                found.put(subject.key(spaceId), e);
            } else {
                missing.add(subject);
            }
        }
        if (missing.isEmpty()) {
            return Uni.createFrom().item(found);
        }
        long loadedAt = generation.current();
        String[] kinds = missing.stream().map(Subject::kind).toArray(String[]::new);
        String[] ids = missing.stream().map(Subject::id).toArray(String[]::new);
        return pool.preparedQuery(SUBJECTS_SQL).execute(Tuple.of(spaceId, kinds, ids, OffsetDateTime.now(clock)))
                .map(rows -> {
                    Map<String, Map<String, Attribute>> bySubject = group(rows, spaceId);
                    for (Subject subject : missing) {
                        String key = subject.key(spaceId);
                        Entry entry = Entry.of(bySubject.getOrDefault(key, Map.of()));
                        generation.put(cache, key, entry, loadedAt);
                        found.put(key, entry);
                    }
                    return found;
                });
    }

    /**
     * Rows of one space ({@code spaceId}; null for {@link #SPACELESS_SQL}) by subject cache key, then by attribute
     * key; a value that does not match its type is left out.
     */
    private Map<String, Map<String, Attribute>> group(Iterable<Row> rows, String spaceId) {
        Map<String, Map<String, Attribute>> out = new LinkedHashMap<>();
        for (Row r : rows) {
            Object value;
            try {
                value = AttributeValue.engineValue(r.getString(3), json.readTree(r.getString(4)));
            } catch (JsonProcessingException e) {
                value = null;
            }
            if (value == null) {
                continue;
            }
            OffsetDateTime expires = r.getOffsetDateTime(5);
            out.computeIfAbsent(AttributeSubject.cacheKey(r.getString(0), spaceId, r.getString(1)), k -> new HashMap<>())
                    .put(r.getString(2), new Attribute(r.getString(2), value, expires == null ? null : expires.toInstant()));
        }
        return out;
    }

    @Override
    public void invalidate(String change) {
        if (change.startsWith(PREFIX)) {
            generation.advance();
            cache.invalidate(change.substring(PREFIX.length()));
        }
    }

    @Override
    public void clear() {
        generation.advance();
        cache.invalidateAll();
    }
}
