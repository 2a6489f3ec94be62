package io.plystra.testsupport;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The server as start-dev runs it: the Finance Reviewer demo loaded and alice a super admin. */
public class DemoProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "plystra.demo.seed-at-start", "true",
                "plystra.bootstrap-admin.email", Api.ALICE,
                "plystra.bootstrap-admin.password", Api.PASSWORD);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresTestResource.class));
    }
}
