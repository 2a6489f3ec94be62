package io.plystra.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Readiness by schema version: the expected one and a newer one serve (a rollout migrates first,
 * and the old instances keep serving until replaced); an older one, a failed migration or a
 * version that is none of ours do not.
 */
class ReadinessStateTest {

    static String older() {
        return String.format("%03d", Integer.parseInt(Readiness.EXPECTED_SCHEMA_VERSION) - 1);
    }

    static String newer() {
        return String.format("%03d", Integer.parseInt(Readiness.EXPECTED_SCHEMA_VERSION) + 1);
    }

    @Test
    void theExpectedAndANewerSchemaServe() {
        assertTrue(Readiness.of(Readiness.EXPECTED_SCHEMA_VERSION, true).ready());
        assertTrue(Readiness.of(newer(), true).ready(), "an old instance keeps serving after the next release migrated");
    }

    @Test
    void anOlderSchemaAFailedMigrationOrAForeignVersionDoNot() {
        Readiness.State pending = Readiness.of(older(), true);
        assertFalse(pending.ready());
        assertEquals("schema version " + older() + " is older than the expected " + Readiness.EXPECTED_SCHEMA_VERSION
                + ": run `plystractl migrate up`", pending.problem());
        assertFalse(Readiness.of(Readiness.EXPECTED_SCHEMA_VERSION, false).ready());
        assertFalse(Readiness.of(newer(), false).ready());
        assertFalse(Readiness.of("2.1", true).ready());
    }
}
