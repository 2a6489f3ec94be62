package io.plystra.access.binding;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.plystra.access.memberrole.MemberRole;
import io.plystra.kernel.Status;

/** A binding as the routes answer it: its subject, what it grants, where, until when and under which conditions. */
public record BindingView(String id, String spaceId, Subject subject, String roleId, String permissionId,
                          String scopeAnchorGroupId, JsonNode conditions, Status status, int version, Instant expiresAt,
                          Instant revokedAt, Instant createdAt, Instant updatedAt) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Who holds the binding: a member (a person's), a service (its member) or a team. */
    public record Subject(String kind, String id) {
    }

    static BindingView of(MemberRole m) {
        String subjectId = MemberRole.SUBJECT_TEAM.equals(m.subjectKind) ? m.teamId : m.memberId;
        return new BindingView(m.id, m.spaceId, new Subject(m.subjectKind, subjectId), m.roleId, m.permissionId,
                m.scopeAnchorGroupId, tree(m.conditions), m.status, m.version, m.expiresAt, m.revokedAt, m.createdAt,
                m.updatedAt);
    }

    static JsonNode tree(String json) {
        try {
            return json == null ? null : JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("member_roles.conditions is JSON", e);
        }
    }

    /** One version of a binding's history. */
    public record Version(int version, String verb, Map<String, Object> state, String changedBy, Instant changedAt) {
    }
}
