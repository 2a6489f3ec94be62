package io.plystra.attribute;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.plystra.attribute.AttributeRepository.SetResult;
import io.plystra.attribute.AttributeRepository.Who;
import io.plystra.audit.AuditedWrite;
import io.plystra.audit.Mutation;
import io.plystra.identity.ReferenceRepository;
import io.plystra.identity.organization.OrganizationService;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.Caller;
import io.plystra.kernel.DatabaseErrors;
import io.plystra.kernel.ErrorCode;
import io.plystra.kernel.Ids;
import io.plystra.kernel.Page;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.RequestContext;
import io.plystra.kernel.Timestamps;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Attributes of the members, resources and the space itself, within one space, and of organizations. The
 * route's {@code attributes:*} permission in that space is checked before the space's run ({@code @Requires} on
 * the resources); the subject must exist in the space (404), except a resource of a type registered with
 * {@code storage_kind: external}. An organization's need {@code organizations:*} and answer 404 for an
 * organization unknown or out of the caller's reach, as {@code GET /organizations/{id}} does. Every set and delete is kept in {@code attribute_history} and audited
 * in the same transaction: {@code attribute.set}, {@code attribute.deleted}, and one
 * {@code attribute.bulk_set} row per bulk call.
 */
@ApplicationScoped
public class AttributeService {

    static final int MAX_BULK = 1000;
    /** The most live keys one subject may hold; a write that would pass it is refused whole (409). */
    static final int MAX_PER_SUBJECT = 1000;

    @Inject
    AttributeRepository attributes;
    @Inject
    ReferenceRepository references;
    @Inject
    OrganizationService organizations;
    @Inject
    AuditedWrite writes;
    @Inject
    RequestContext request;

    @WithSession
    public Uni<SubjectAttributesView> list(String spaceId, String kind, String subject) {
        AttributeSubject s = AttributeSubject.of(spaceId, kind, subject, "subject");
        return list(s, requireSubjects(spaceId, List.of(s)));
    }

    @WithSession
    public Uni<AttributeView> get(String spaceId, String kind, String subject, String key) {
        AttributeSubject s = AttributeSubject.of(spaceId, kind, subject, "subject");
        requireKey(key);
        return get(s, key, requireSubjects(spaceId, List.of(s)));
    }

    /** Sets one key: created (201) when no live or expired value was stored under it, replaced (200) otherwise. */
    @WithTransaction
    public Uni<SetAnswer> put(String spaceId, String kind, String subject, String key, AttributePut body) {
        AttributeSubject s = AttributeSubject.of(spaceId, kind, subject, "subject");
        return put(s, key, body, requireSubjects(spaceId, List.of(s)));
    }

    /** Removes a key, live or expired; answers the attribute as it was. */
    @WithTransaction
    public Uni<AttributeView> delete(String spaceId, String kind, String subject, String key) {
        AttributeSubject s = AttributeSubject.of(spaceId, kind, subject, "subject");
        requireKey(key);
        return delete(s, key, requireSubjects(spaceId, List.of(s)));
    }

    @WithSession
    public Uni<Page<AttributeHistoryView>> history(String spaceId, String kind, String subject, String key, PageRequest page) {
        AttributeSubject s = AttributeSubject.of(spaceId, kind, subject, "subject");
        requireKey(key);
        return history(s, key, page, requireSubjects(spaceId, List.of(s)));
    }

    @WithSession
    public Uni<SubjectAttributesView> organizationList(String organizationId) {
        return list(AttributeSubject.organization(organizationId), organizations.requireVisible(organizationId));
    }

    @WithSession
    public Uni<AttributeView> organizationGet(String organizationId, String key) {
        requireKey(key);
        return get(AttributeSubject.organization(organizationId), key, organizations.requireVisible(organizationId));
    }

    /** As {@link #put(String, String, String, String, AttributePut)}, for an organization's key. */
    @WithTransaction
    public Uni<SetAnswer> organizationPut(String organizationId, String key, AttributePut body) {
        return put(AttributeSubject.organization(organizationId), key, body, organizations.requireVisible(organizationId));
    }

    @WithTransaction
    public Uni<AttributeView> organizationDelete(String organizationId, String key) {
        requireKey(key);
        return delete(AttributeSubject.organization(organizationId), key, organizations.requireVisible(organizationId));
    }

    @WithSession
    public Uni<Page<AttributeHistoryView>> organizationHistory(String organizationId, String key, PageRequest page) {
        requireKey(key);
        return history(AttributeSubject.organization(organizationId), key, page, organizations.requireVisible(organizationId));
    }

    /** The answer of a set: the attribute, and whether the key was new (201) or replaced (200). */
    public record SetAnswer(AttributeView view, boolean created) {
    }

    /* The routes' bodies, for any subject; {@code check} is the subject's 404 (it runs before any read or write). */

    private Uni<SubjectAttributesView> list(AttributeSubject s, Uni<Void> check) {
        Instant now = request.now();
        return check.flatMap(v -> attributes.ofSubject(s, now))
                .map(rows -> new SubjectAttributesView(s.spaceId(), s.apiKind(), s.subjectId(),
                        rows.stream().map(AttributeView::of).toList()));
    }

    private Uni<AttributeView> get(AttributeSubject s, String key, Uni<Void> check) {
        return check.flatMap(v -> attributes.one(s, key, request.now()))
                .map(row -> {
                    if (row == null) {
                        throw ApiException.notFound("attribute", key);
                    }
                    return AttributeView.of(row);
                });
    }

    private Uni<SetAnswer> put(AttributeSubject s, String key, AttributePut body, Uni<Void> check) {
        Instant now = request.now();
        Map<String, String> problems = new LinkedHashMap<>();
        if (!AttributeValue.validKey(key)) {
            problems.put("key", AttributeValue.KEY_RULE);
        }
        if (body == null) {
            throw ApiException.validation("body", "must be a JSON object with value");
        }
        AttributeValue value = AttributeValue.parse(body.value(), body.type(), "", problems);
        Instant expiresAt = expiry(body.expiresAt(), "expires_at", now, problems);
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        Who who = who();
        return check
                .flatMap(v -> write(s, key, value, expiresAt, now, who))
                .call(result -> withinLimit(s.spaceId(), List.of(s), now))
                .flatMap(result -> {
                    AttributeView view = new AttributeView(s.spaceId(), s.apiKind(), s.subjectId(), key, value.json(), value.type(),
                            expiresAt, result.createdAt(), now);
                    return writes.commit(Uni.createFrom().voidItem(), new Mutation<>("attribute", "set", s.auditId(key), s.spaceId(), view)
                                    .with("created", result.created()))
                            .map(v -> new SetAnswer(view, result.created()));
                });
    }

    private Uni<AttributeView> delete(AttributeSubject s, String key, Uni<Void> check) {
        Instant now = request.now();
        return check
                .flatMap(v -> attributes.delete(s, key, now, Ids.generate("attrh"), who()))
                .flatMap(row -> {
                    if (row == null) {
                        throw ApiException.notFound("attribute", key);
                    }
                    AttributeView view = AttributeView.of(row);
                    return writes.commit(Uni.createFrom().voidItem(),
                            new Mutation<>("attribute", "deleted", s.auditId(key), s.spaceId(), view));
                });
    }

    private Uni<Page<AttributeHistoryView>> history(AttributeSubject s, String key, PageRequest page, Uni<Void> check) {
        return check.flatMap(v -> attributes.history(s, key, page))
                .map(rows -> Page.of(rows, page.limit(), AttributeHistoryView::createdAt, AttributeHistoryView::id, h -> h));
    }

    /** Up to 1,000 sets in one transaction: every item is checked first, and any failure changes nothing. */
    @WithTransaction
    public Uni<BulkSetView> bulkSet(String spaceId, BulkSet body) {
        if (body == null || body.items() == null || body.items().isEmpty() || body.items().size() > MAX_BULK) {
            throw ApiException.validation("items", "must hold 1 to " + MAX_BULK + " items");
        }
        Instant now = request.now();
        Map<String, String> problems = new LinkedHashMap<>();
        List<AttributeSubject> subjects = new ArrayList<>();
        List<AttributeValue> values = new ArrayList<>();
        List<Instant> expiries = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < body.items().size(); i++) {
            BulkSet.Item item = body.items().get(i);
            String prefix = "items[" + i + "].";
            if (item == null) {
                problems.put("items[" + i + "]", "must be an object");
                subjects.add(null);
                values.add(null);
                expiries.add(null);
                continue;
            }
            AttributeSubject s = null;
            try {
                s = AttributeSubject.of(spaceId, item.kind() == null ? "" : item.kind(), item.subject(), prefix + "subject");
            } catch (ApiException e) {
                if (e.kind() != ErrorCode.VALIDATION_FAILED) {
                    throw e;
                }
                @SuppressWarnings("unchecked")
                Map<String, String> fields = (Map<String, String>) e.details().get("fields");
                problems.putAll(fields);
            }
            if (!AttributeValue.validKey(item.key())) {
                problems.put(prefix + "key", AttributeValue.KEY_RULE);
            } else if (s != null) {
                Integer first = seen.putIfAbsent(s.kind() + "\n" + s.subjectId() + "\n" + item.key(), i);
                if (first != null) {
                    problems.put("items[" + i + "]", "sets the same key of the same subject as items[" + first + "]");
                }
            }
            subjects.add(s);
            values.add(AttributeValue.parse(item.value(), item.type(), prefix, problems));
            expiries.add(expiry(item.expiresAt(), prefix + "expires_at", now, problems));
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        Who who = who();
        List<AttributeRepository.Item> items = new ArrayList<>(subjects.size());
        for (int i = 0; i < subjects.size(); i++) {
            items.add(new AttributeRepository.Item(subjects.get(i), body.items().get(i).key(), values.get(i), expiries.get(i)));
        }
        return requireSubjects(spaceId, subjects)
                .flatMap(v -> attributes.setAll(spaceId, items, now, who)
                        .onFailure(DatabaseErrors::uniqueViolation)
                        .transform(e -> ApiException.conflict("attribute", "an attribute was set by another request at the same time; retry")))
                .call(results -> withinLimit(spaceId, subjects, now))
                .flatMap(results -> {
                    List<AttributeView> views = new ArrayList<>(items.size());
                    int created = 0;
                    for (int i = 0; i < items.size(); i++) {
                        AttributeRepository.Item item = items.get(i);
                        SetResult result = results.get(i);
                        created += result.created() ? 1 : 0;
                        views.add(new AttributeView(spaceId, item.subject().apiKind(), item.subject().subjectId(), item.key(),
                                item.value().json(), item.value().type(), item.expiresAt(), result.createdAt(), now));
                    }
                    BulkSetView view = new BulkSetView(spaceId, views.size(), created, List.copyOf(views));
                    return writes.commit(Uni.createFrom().voidItem(),
                            new Mutation<>("attribute", "bulk_set", Ids.generate("attrbulk"), spaceId, view));
                });
    }

    /** Live attributes of the space with this key whose value matches {@code value} (any value when absent). */
    @WithSession
    public Uni<Page<AttributeView>> search(String spaceId, String key, String value, String kind, PageRequest page) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (!AttributeValue.validKey(key)) {
            problems.put("key", AttributeValue.KEY_RULE);
        }
        String storedKind = kind == null ? null : AttributeSubject.API_KINDS.get(kind);
        if (kind != null && storedKind == null) {
            problems.put("kind", "must be one of [members, resources, space]");
        }
        if (value != null && value.length() > AttributeValue.MAX_STRING) {
            problems.put("value", "must be at most " + AttributeValue.MAX_STRING + " characters");
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        ValueMatch match = value == null ? null : ValueMatch.of(value);
        return references.space(spaceId)
                .flatMap(v -> attributes.search(spaceId, key, match, storedKind, request.now(), page))
                .map(rows -> Page.of(rows, page.limit(), StoredAttribute::createdAt, StoredAttribute::id, AttributeView::of));
    }

    private Uni<SetResult> write(AttributeSubject s, String key, AttributeValue value, Instant expiresAt, Instant now, Who who) {
        return attributes.set(s, key, value, expiresAt, now, Ids.generate("attr"), Ids.generate("attrh"), who)
                .onFailure(DatabaseErrors::uniqueViolation)
                .transform(e -> ApiException.conflict("attribute", "attribute " + key + " was set by another request at the same time; retry"));
    }

    /** 409 when a subject this write touched now holds more than {@link #MAX_PER_SUBJECT} live keys (the transaction rolls back). */
    private Uni<Void> withinLimit(String spaceId, List<AttributeSubject> subjects, Instant now) {
        Set<String> ids = new LinkedHashSet<>();
        subjects.forEach(s -> ids.add(s.subjectId()));
        return attributes.overFull(spaceId, ids, MAX_PER_SUBJECT, now).invoke(full -> {
            if (full != null) {
                throw ApiException.conflict("attribute", "a subject holds at most " + MAX_PER_SUBJECT
                        + " attributes; " + full + " would hold more");
            }
        }).replaceWithVoid();
    }

    /**
     * 404 unless the space and every subject exist in it: {@code MEMBER_NOT_FOUND}, {@code RESOURCE_TYPE_NOT_FOUND},
     * {@code RESOURCE_NOT_FOUND} (a resource of an external type need not exist), {@code SPACE_NOT_FOUND}.
     */
    private Uni<Void> requireSubjects(String spaceId, List<AttributeSubject> subjects) {
        Set<String> members = new LinkedHashSet<>();
        Set<String> types = new LinkedHashSet<>();
        for (AttributeSubject s : subjects) {
            if (s.kind().equals(AttributeSubject.MEMBER)) {
                members.add(s.subjectId());
            } else if (s.kind().equals(AttributeSubject.RESOURCE)) {
                types.add(s.resourceType());
            }
        }
        return references.space(spaceId)
                .flatMap(v -> attributes.membersInSpace(spaceId, members))
                .invoke(found -> members.stream().filter(m -> !found.contains(m)).findFirst().ifPresent(m -> {
                    throw ApiException.notFound("member", m);
                }))
                .flatMap(v -> attributes.storageKinds(types))
                .flatMap(kinds -> {
                    types.stream().filter(t -> !kinds.containsKey(t)).findFirst().ifPresent(t -> {
                        throw ApiException.notFound("resource_type", t);
                    });
                    Map<String, AttributeSubject> stored = new LinkedHashMap<>();
                    subjects.stream().filter(s -> s.kind().equals(AttributeSubject.RESOURCE))
                            .filter(s -> !"external".equals(kinds.get(s.resourceType())))
                            .forEach(s -> stored.putIfAbsent(s.subjectId(), s));
                    return attributes.resourcesInSpace(spaceId, stored.values()).invoke(found -> stored.values().stream()
                            .filter(s -> !found.contains(s.subjectId())).findFirst().ifPresent(s -> {
                                throw ApiException.notFound("resource", s.resourceId());
                            }));
                })
                .replaceWithVoid();
    }

    private static void requireKey(String key) {
        if (!AttributeValue.validKey(key)) {
            throw ApiException.validation("key", AttributeValue.KEY_RULE);
        }
    }

    /** Null (never expires) or a time after now; otherwise the problem goes under {@code field}. */
    private static Instant expiry(String text, String field, Instant now, Map<String, String> problems) {
        if (text == null) {
            return null;
        }
        Instant at = Timestamps.parseOrNull(text);
        if (at == null) {
            problems.put(field, Timestamps.PROBLEM);
        } else if (!at.isAfter(now)) {
            problems.put(field, "must be in the future");
        }
        return at;
    }

    private Who who() {
        Caller caller = request.caller();
        return new Who(caller.userId(), caller.apiKeyId(), request.requestId());
    }
}
