package io.plystra.attribute;

import java.util.Map;

import io.plystra.kernel.ApiException;
import io.plystra.kernel.ErrorCode;
import io.plystra.kernel.Ids;
import io.plystra.kernel.Keys;

/**
 * Whose attributes: a member, a resource ({@code <type>:<id>}, ids being unique per space and type) or
 * the space itself, all within {@code spaceId}; or an organization (no space). {@code kind} is the stored
 * word ({@code member}); the API says {@link #apiKind()} ({@code members}), as its paths do.
 */
public record AttributeSubject(String kind, String spaceId, String subjectId) {

    public static final String MEMBER = "member";
    public static final String RESOURCE = "resource";
    public static final String SPACE = "space";
    public static final String ORGANIZATION = "organization";

    /** The API's words (path segment, body {@code kind}) for the stored kinds a space's routes address. */
    static final Map<String, String> API_KINDS = Map.of("members", MEMBER, "resources", RESOURCE, "space", SPACE);

    /**
     * The subject a space route names: 404 for a kind no route has, 400 naming {@code field} for a
     * resource subject that is not {@code <type>:<id>}; a space subject is the route's space itself
     * (another space's id is 404 {@code SPACE_NOT_FOUND}).
     */
    public static AttributeSubject of(String spaceId, String apiKind, String subject, String field) {
        String kind = apiKind == null ? null : API_KINDS.get(apiKind);
        if (kind == null) {
            if (field.equals("subject")) {
                throw new ApiException(ErrorCode.NOT_FOUND, "attribute subjects are members, resources or space");
            }
            throw ApiException.validation(field.replace("subject", "kind"), "must be one of [members, resources, space]");
        }
        if (!Ids.wellFormed(subject)) {
            throw ApiException.validation(field, "is required");
        }
        if (kind.equals(RESOURCE)) {
            int colon = subject.indexOf(':');
            if (colon < 0 || !Keys.valid(subject.substring(0, colon)) || !Ids.wellFormed(subject.substring(colon + 1))) {
                throw ApiException.validation(field, "must be <resource type>:<resource id>");
            }
        }
        if (kind.equals(SPACE) && !subject.equals(spaceId)) {
            throw ApiException.notFound("space", subject);
        }
        return new AttributeSubject(kind, spaceId, subject);
    }

    /** An organization: its attributes have no space. */
    public static AttributeSubject organization(String organizationId) {
        return new AttributeSubject(ORGANIZATION, null, organizationId);
    }

    /** The resource type of a resource subject. */
    public String resourceType() {
        return subjectId.substring(0, subjectId.indexOf(':'));
    }

    /** The resource id of a resource subject. */
    public String resourceId() {
        return subjectId.substring(subjectId.indexOf(':') + 1);
    }

    /** The API's word for the kind: {@code members}, {@code resources}, {@code space}, {@code organizations}. */
    public String apiKind() {
        return apiKind(kind);
    }

    static String apiKind(String kind) {
        return switch (kind) {
            case MEMBER -> "members";
            case RESOURCE -> "resources";
            case ORGANIZATION -> "organizations";
            default -> kind;
        };
    }

    /** The entity an audit row of one of its attributes names: {@code member:m1:department}. */
    public String auditId(String key) {
        return kind + ":" + subjectId + ":" + key;
    }

    /**
     * The change notification of this subject's attributes and the key of their cache entry:
     * {@code <kind>:<space id, empty for an organization>:<subject id>} (V015).
     */
    public String cacheKey() {
        return cacheKey(kind, spaceId, subjectId);
    }

    static String cacheKey(String kind, String spaceId, String subjectId) {
        return kind + ":" + (spaceId == null ? "" : spaceId) + ":" + subjectId;
    }
}
