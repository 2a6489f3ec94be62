package io.plystra.cli;

import static io.plystra.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.plystra.access.AccessFixtures;
import io.plystra.testsupport.Api;
import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * {@code plystractl contract init|validate|diff|apply} against the test server: the templates print, the
 * finance-reviewer one validates and applies to the demo with an empty diff, a changed one lists its changes,
 * a broken one names file, line and field, and a missing token or option is refused.
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
class ContractCliTest {

    @TestHTTPResource("/")
    URL server;

    @TempDir
    Path dir;

    @Test
    void theFinanceReviewerTemplateAppliesToTheDemoWithAnEmptyDiff() throws Exception {
        Cli.Result init = run(Map.of(), "contract", "init", "--template", "finance-reviewer");
        assertEquals(0, init.code(), init.err());
        try (InputStream in = getClass().getResourceAsStream("/contracts/finance-reviewer.yaml")) {
            assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), init.out());
        }
        Path file = Files.writeString(dir.resolve("contract.yaml"), init.out());

        Cli.Result valid = run(env(), "contract", "validate", "-f", file.toString(), "--space", "space_acme");
        assertEquals(new Cli.Result(0, "ok: " + file + " is a valid contract for space_acme (2 resource types, 1 roles; an apply would make 0 changes)\n", ""),
                valid);
        assertEquals(new Cli.Result(0, "no changes: " + file + " matches space_acme\n", ""),
                run(env(), "contract", "diff", "-f", file.toString(), "--space", "space_acme"));
        Cli.Result applied = run(env(), "contract", "apply", "-f", file.toString(), "--space", "space_acme");
        assertEquals(0, applied.code(), applied.err());
        assertTrue(applied.out().matches("ok: space_acme (contract version [0-9]+, 0 changes|unchanged: contract version [0-9]+ is this document)\\n"),
                applied.out());
        String version = applied.out().replaceFirst("(?s).*contract version ([0-9]+).*", "$1");
        assertEquals(new Cli.Result(0, "ok: space_acme unchanged: contract version " + version + " is this document\n", ""),
                run(env(), "contract", "apply", "-f", file.toString(), "--space", "space_acme"));

        Path changed = Files.writeString(dir.resolve("changed.yaml"), init.out().replace("name: Finance Approver", "name: Approver"));
        assertEquals(new Cli.Result(0, "update role finance_approver {\"name\":{\"before\":\"Finance Approver\",\"after\":\"Approver\"}}\n", ""),
                run(env(), "contract", "diff", "-f", changed.toString(), "--space", "space_acme"));
    }

    @Test
    void theCrudTemplateAppliesToANewSpace() throws Exception {
        String type = AccessFixtures.unique("doc");
        Path file = Files.writeString(dir.resolve("crud.yaml"),
                run(Map.of(), "contract", "init", "--template", "crud").out().replace("document", type));
        String space = AccessFixtures.space();
        Cli.Result applied = run(env(), "contract", "apply", "-f", file.toString(), "--space", space);
        assertEquals(new Cli.Result(0, "ok: " + space + " contract version 1, 12 changes\n", ""), applied);
        assertEquals(List.of(Map.of("n", 3L)), TestDatabase.rows("SELECT count(*) AS n FROM roles WHERE space_id = ? AND status = 'active'", space));
    }

    @Test
    void problemsNameFileLineAndField() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), "roles:\n  - key: r\n    name: R\n    permissions: [invoice:read]\n");
        Cli.Result r = run(env(), "contract", "apply", "-f", file.toString(), "--space", "space_acme");
        assertEquals(new Cli.Result(1, "", file + ":4: roles[0].permissions[0]: must be <resource>:<action>:<scope> with scope one of "
                + "[global, group, group_tree, self, space]\n"), r);

        Path json = Files.writeString(dir.resolve("bad.json"), "{\n  \"roles\": [\n    {\"key\": \"r\", \"nme\": \"R\"}\n  ]\n}\n");
        Cli.Result j = run(env(), "contract", "validate", "-f", json.toString(), "--space", "space_acme");
        assertEquals(1, j.code());
        assertTrue(j.err().startsWith(json + ":3: roles[0].nme: unknown field"), j.err());

        Map<String, String> noToken = new HashMap<>(env());
        noToken.remove("PLYSTRA_TOKEN");
        assertEquals(1, run(noToken, "contract", "validate", "-f", file.toString(), "--space", "space_acme").code());
        assertEquals(2, run(env(), "contract", "apply", "-f", file.toString()).code(), "--space is required");
        assertEquals(2, run(Map.of(), "contract", "init", "--template", "nope").code());
        assertEquals(2, run(Map.of(), "contract", "publish").code());
        Cli.Result missing = run(env(), "contract", "diff", "-f", dir.resolve("none.yaml").toString(), "--space", "space_acme");
        assertEquals(new Cli.Result(1, "", "plystractl: " + dir.resolve("none.yaml") + ": no such file\n"), missing);
    }

    private Map<String, String> env() {
        return Map.of("PLYSTRA_URL", server.toString(), "PLYSTRA_TOKEN", Api.login(Api.ALICE));
    }
}
