package io.plystra.access;

import static io.plystra.access.AccessFixtures.unique;
import static io.plystra.testsupport.Api.asAdmin;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.LinkedHashMap;
import java.util.Map;

import io.plystra.testsupport.TestDatabase;
import io.restassured.response.Response;

/**
 * Actors of the role tests, each a new user (never alice or bob) bound to a new member of a space, and
 * decisions asked as the super admin at least as fresh as a write.
 */
final class RoleWorld {

    private RoleWorld() {
    }

    /** A new user with the demo password, bound to a new member of {@code space}: the actor tuple. */
    static Map<String, Object> actor(String space) {
        String user = unique("user_rw");
        TestDatabase.update("INSERT INTO users (id, email, password_hash) SELECT ?, ?, password_hash FROM users WHERE id = 'user_alice'",
                user, user + "@example.com");
        String member = AccessFixtures.member(space);
        String binding = unique("um_rw");
        TestDatabase.update("INSERT INTO user_members (id, space_id, user_id, member_id, relation_type) VALUES (?, ?, ?, ?, 'login')",
                binding, space, user, member);
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("user_id", user);
        actor.put("member_id", member);
        actor.put("user_member_id", binding);
        actor.put("space_id", space);
        return actor;
    }

    /** A new active resource of {@code type} in {@code space}. */
    static String resource(String space, String type) {
        String id = unique("res_rw");
        TestDatabase.update("INSERT INTO resources (id, space_id, resource_type, display_name) VALUES (?, ?, ?, ?)",
                id, space, type, id);
        return id;
    }

    /** A user holding a {@code level} grant with this key ({@code space} null for instance levels); returns the email. */
    static String admin(String level, String space, String key) {
        String id = unique("user_t");
        String email = id + "@example.com";
        TestDatabase.update("INSERT INTO users (id, email, password_hash) SELECT ?, ?, password_hash FROM users WHERE id = 'user_alice'",
                id, email);
        TestDatabase.update("INSERT INTO admin_grants (id, user_id, level, space_id, permission_key) VALUES (?, ?, ?, ?, ?)",
                unique("grant_t"), id, level, space, key);
        return email;
    }

    /** Binds the actor's member to the role in the actor's space, as the super admin; returns the revision of the write. */
    static String bind(Map<String, Object> actor, String role) {
        Response r = asAdmin().body(Map.of("member_id", actor.get("member_id"), "role_id", role))
                .post("/api/v1/spaces/" + actor.get("space_id") + "/member-roles");
        r.then().statusCode(201);
        return revision(r);
    }

    static String revision(Response write) {
        String revision = write.header("X-Plystra-Revision");
        assertNotNull(revision, "an accepted write answers its revision");
        return revision;
    }

    /** The explain answer of the actor on the resource, at least as fresh as {@code revision}. */
    static Response explain(Map<String, Object> actor, String type, String resource, String action, String revision) {
        Response r = asAdmin().body(Map.of("actor", actor, "resource_type", type, "resource_id", resource, "action", action,
                "consistency", Map.of("at_least_as_fresh", revision))).post("/api/v1/authz/explain");
        r.then().statusCode(200);
        return r;
    }
}
