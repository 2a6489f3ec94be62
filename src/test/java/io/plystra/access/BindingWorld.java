package io.plystra.access;

import static io.plystra.access.AccessFixtures.unique;
import static io.plystra.testsupport.Api.asAdmin;

import java.util.HashMap;
import java.util.Map;

import io.plystra.testsupport.TestDatabase;

/**
 * A fresh space with one resource type ({@code read} registered), one resource, one permission (type:read:space)
 * granted by one role, and one actor (a new user acting as a new member) who holds nothing yet.
 */
record BindingWorld(String space, String type, String resource, String permission, String role, String member, String user,
                    String userMember) {

    static BindingWorld create() {
        String space = AccessFixtures.space();
        String type = AccessFixtures.type("read");
        String permission = AccessFixtures.permission(type, "read", "space");
        String role = AccessFixtures.role(space);
        asAdmin().body(Map.of("role_id", role, "permission_id", permission)).post("/api/v1/role-permissions")
                .then().statusCode(201);
        String member = AccessFixtures.member(space);
        String user = unique("user_b");
        String userMember = unique("um_b");
        TestDatabase.update("INSERT INTO users (id, email) VALUES (?, ?)", user, user + "@example.com");
        TestDatabase.update("INSERT INTO user_members (id, space_id, user_id, member_id, relation_type) VALUES (?, ?, ?, ?, 'delegate')",
                userMember, space, user, member);
        String resource = unique("res_b");
        TestDatabase.update("INSERT INTO resources (id, space_id, resource_type, display_name) VALUES (?, ?, ?, ?)",
                resource, space, type, "Resource " + resource);
        return new BindingWorld(space, type, resource, permission, role, member, user, userMember);
    }

    String bindings() {
        return "/api/v1/spaces/" + space + "/bindings";
    }

    String teams() {
        return "/api/v1/spaces/" + space + "/teams";
    }

    /** A check (or explain) body for this world's actor on its resource, with extra fields. */
    Map<String, Object> check(Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>();
        body.put("actor", Map.of("user_id", user, "member_id", member, "user_member_id", userMember, "space_id", space));
        body.put("resource_type", type);
        body.put("resource_id", resource);
        body.put("action", "read");
        body.putAll(extra);
        return body;
    }

    /** The decision's data: decision, deny_code, trace... (explain). */
    io.restassured.response.ValidatableResponse explain(Map<String, Object> extra) {
        return asAdmin().body(check(extra)).post("/api/v1/authz/explain").then().statusCode(200);
    }

    String decide() {
        return asAdmin().body(check(Map.of())).post("/api/v1/authz/check").then().statusCode(200).extract().path("data.decision");
    }

    /** Binds {@code subject} (kind, id) to this world's role; returns the binding id. */
    String bindRole(String kind, String id, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(extra);
        body.put("subject", Map.of("kind", kind, "id", id));
        body.put("role_id", role);
        return asAdmin().body(body).post(bindings()).then().statusCode(201).extract().path("data.id");
    }

    /** A team of this space; returns its id. */
    String team() {
        String key = unique("team");
        return asAdmin().body(Map.of("key", key, "name", "Team " + key)).post(teams()).then().statusCode(201).extract().path("data.id");
    }
}
