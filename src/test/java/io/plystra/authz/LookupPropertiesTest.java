package io.plystra.authz;

import static io.plystra.testsupport.Api.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.plystra.testsupport.DemoProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * lookup-resources and lookup-members agree with check on random models ({@link LookupWorld}): every
 * id a lookup returns, check allows; every resource (or binding) it leaves out, check denies. Walks
 * every page with small page sizes. The seed is printed; replay one with
 * {@code -DlookupSeed=<seed>} ({@code -DlookupWorlds=<n>} for more worlds).
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
class LookupPropertiesTest {

    @Test
    void lookupsReturnExactlyWhatCheckAllows() {
        long seed = Long.getLong("lookupSeed", System.nanoTime());
        int worlds = Integer.getInteger("lookupWorlds", 3);
        System.out.println("LookupPropertiesTest seed " + seed + " (replay: -DlookupSeed=" + seed + ")");
        Random random = new Random(seed);
        int allowed = 0;
        int denied = 0;
        for (int w = 0; w < worlds; w++) {
            LookupWorld world = LookupWorld.random(random, 30 + random.nextInt(40));
            String where = "seed " + seed + ", world " + w + " (" + world.space + ")";
            List<String> bindings = new ArrayList<>(world.bindings.keySet());
            // Resources: for every binding, the lookup against a batch-check of every resource of the type.
            for (String um : bindings) {
                Map<String, Object> actor = world.actor(um);
                Set<String> found = lookupResources(world, actor, 1 + random.nextInt(9), where);
                Map<String, Boolean> checks = checkAll(world, List.of(actor), world.resources);
                for (String r : world.resources) {
                    boolean allows = checks.get(um + "|" + r);
                    assertEquals(allows, found.contains(r), where + ": lookup-resources for " + um + " and check on " + r
                            + " disagree (lookup found " + found + ")");
                    if (allows) {
                        allowed++;
                    } else {
                        denied++;
                    }
                }
            }
            // Members: for a dozen resources, the lookup against a batch-check of every binding of the space.
            List<Map<String, Object>> actors = bindings.stream().map(world::actor).toList();
            List<String> sample = new ArrayList<>(world.resources);
            java.util.Collections.shuffle(sample, random);
            for (String r : sample.subList(0, Math.min(12, sample.size()))) {
                Set<String> found = lookupMembers(world, r, 1 + random.nextInt(5), where);
                Map<String, Boolean> checks = actors.isEmpty() ? Map.of() : checkAll(world, actors, List.of(r));
                for (String um : bindings) {
                    String[] b = world.bindings.get(um);
                    boolean allows = checks.get(um + "|" + r);
                    assertEquals(allows, found.contains(b[1] + "|" + b[0] + "|" + um), where + ": lookup-members on " + r
                            + " and check for " + um + " disagree (lookup found " + found + ")");
                }
            }
        }
        System.out.println("LookupPropertiesTest: " + allowed + " allowed and " + denied + " denied resource checks agreed");
        assertTrue(allowed > 0 && denied > 0, "the worlds exercise both outcomes");
    }

    private static Set<String> lookupResources(LookupWorld world, Map<String, Object> actor, int pageSize, String where) {
        Set<String> ids = new LinkedHashSet<>();
        String cursor = null;
        String previousLast = "";
        for (int pages = 0; pages < 1000; pages++) {
            Map<String, Object> body = new HashMap<>(Map.of("actor", actor, "resource_type", world.type, "action", world.action,
                    "page_size", pageSize));
            if (cursor != null) {
                body.put("cursor", cursor);
            }
            Response r = asAdmin().body(body).post("/api/v1/authz/lookup-resources");
            assertEquals(200, r.statusCode(), where + ": " + r.asString());
            List<String> page = r.path("data.resource_ids");
            assertTrue(page.size() <= pageSize, where);
            for (String id : page) {
                assertTrue(id.compareTo(previousLast) > 0 || previousLast.isEmpty(), where + ": ids in order, never repeated");
                assertTrue(ids.add(id), where + ": " + id + " twice");
                previousLast = id;
            }
            cursor = r.path("data.next_cursor");
            assertEquals(cursor != null, (Boolean) r.path("data.has_more"), where);
            if (cursor == null) {
                return ids;
            }
        }
        throw new AssertionError(where + ": the walk did not end");
    }

    private static Set<String> lookupMembers(LookupWorld world, String resource, int pageSize, String where) {
        Set<String> found = new TreeSet<>();
        String cursor = null;
        for (int pages = 0; pages < 1000; pages++) {
            Map<String, Object> body = new HashMap<>(Map.of("space_id", world.space, "resource_type", world.type,
                    "resource_id", resource, "action", world.action, "page_size", pageSize));
            if (cursor != null) {
                body.put("cursor", cursor);
            }
            Response r = asAdmin().body(body).post("/api/v1/authz/lookup-members");
            assertEquals(200, r.statusCode(), where + ": " + r.asString());
            List<Map<String, Object>> members = r.path("data.members");
            for (Map<String, Object> m : members) {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> users = (List<Map<String, Object>>) m.get("users");
                assertTrue(!users.isEmpty(), where + ": a member is listed with the users through which it may act");
                for (Map<String, Object> u : users) {
                    assertTrue(found.add(m.get("id") + "|" + u.get("user_id") + "|" + u.get("user_member_id")), where);
                }
            }
            cursor = r.path("data.next_cursor");
            if (cursor == null) {
                return found;
            }
        }
        throw new AssertionError(where + ": the walk did not end");
    }

    /** Every actor on every resource through batch-check (as check decides), keyed "user_member_id|resource_id". */
    private static Map<String, Boolean> checkAll(LookupWorld world, List<Map<String, Object>> actors, List<String> resources) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (Map<String, Object> a : actors) {
            for (String r : resources) {
                items.add(Map.of("actor", a, "resource_type", world.type, "resource_id", r, "action", world.action));
            }
        }
        Map<String, Boolean> out = new HashMap<>();
        for (int from = 0; from < items.size(); from += 100) {
            List<Map<String, Object>> chunk = items.subList(from, Math.min(items.size(), from + 100));
            Response r = asAdmin().body(Map.of("items", chunk)).post("/api/v1/authz/batch-check");
            assertEquals(200, r.statusCode(), r.asString());
            List<Map<String, Object>> results = r.path("data.results");
            for (int i = 0; i < chunk.size(); i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> a = (Map<String, Object>) chunk.get(i).get("actor");
                assertTrue(results.get(i).containsKey("decision"), results.get(i).toString());
                out.put(a.get("user_member_id") + "|" + chunk.get(i).get("resource_id"), (Boolean) results.get(i).get("allow"));
            }
        }
        return out;
    }
}
