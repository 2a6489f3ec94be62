package io.plystra.access;

import static io.plystra.testsupport.Api.asAdmin;

import java.util.Map;

import io.plystra.testsupport.TestDatabase;

/** Rows the access and registry tests build on, each with a fresh id. */
public final class AccessFixtures {

    private AccessFixtures() {
    }

    public static String unique(String prefix) {
        return prefix + "_" + System.nanoTime();
    }

    /** A new space, over the API. */
    public static String space() {
        String id = unique("space_t");
        asAdmin().body(Map.of("id", id, "name", "Test " + id)).post("/api/v1/spaces").then().statusCode(201);
        return id;
    }

    /** A new resource type with these actions, over the API; returns its key. */
    public static String type(String... actions) {
        String key = unique("t");
        asAdmin().body(Map.of("key", key, "display_name", "Type " + key)).post("/api/v1/resource-types")
                .then().statusCode(201);
        for (String action : actions) {
            asAdmin().body(Map.of("key", action, "display_name", action)).post("/api/v1/resource-types/" + key + "/actions")
                    .then().statusCode(201);
        }
        return key;
    }

    /** A new role in the space, over the API; returns its id. */
    public static String role(String spaceId) {
        String id = unique("role_t");
        asAdmin().body(Map.of("id", id, "key", unique("k"), "name", "Role " + id)).post("/api/v1/spaces/" + spaceId + "/roles")
                .then().statusCode(201);
        return id;
    }

    /** A new permission, over the API; returns its id. */
    public static String permission(String type, String action, String scope) {
        return asAdmin().body(Map.of("resource", type, "action", action, "scope", scope)).post("/api/v1/permissions")
                .then().statusCode(201).extract().path("data.id");
    }

    /** A new member of the space (member routes belong to the identity feature: a direct insert). */
    public static String member(String spaceId) {
        String id = unique("member_t");
        TestDatabase.update("INSERT INTO members (id, space_id, display_name) VALUES (?, ?, ?)", id, spaceId, "Member " + id);
        return id;
    }

    /** A new root group of the space (a direct insert). */
    public static String group(String spaceId) {
        String id = unique("group_t");
        TestDatabase.update("INSERT INTO groups (id, space_id, path) VALUES (?, ?, ?)", id, spaceId, unique("g"));
        return id;
    }

    /**
     * A new user holding a {@code space_admin} grant with key {@code *} for one space, with the demo
     * password; returns the email to log in with.
     */
    public static String spaceAdmin(String spaceId) {
        String id = unique("user_t");
        String email = id + "@example.com";
        TestDatabase.update("INSERT INTO users (id, email, password_hash) SELECT ?, ?, password_hash FROM users WHERE id = 'user_alice'",
                id, email);
        TestDatabase.update("INSERT INTO admin_grants (id, user_id, level, space_id, permission_key) VALUES (?, ?, 'space_admin', ?, '*')",
                unique("grant_t"), id, spaceId);
        return email;
    }
}
