package io.plystra.audit;

import static io.plystra.testsupport.Api.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.plystra.platform.ProductionSafety;
import io.plystra.session.Accounts;
import io.plystra.testsupport.Api;
import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@code GET /api/v1/audit/proofs/{audit_log_id}}: the inclusion proof of an audit row under its Merkle checkpoint. */
@QuarkusTest
@TestProfile(DemoProfile.class)
class AuditProofApiTest {

    static final Map<String, Object> ALICE = Api.actor("user_alice", "um_alice_finance_reviewer");
    static final byte[] KEY = ProductionSafety.DEFAULT_AUDIT_CHECKPOINT_KEY.getBytes(StandardCharsets.UTF_8);

    @Inject
    AuditCheckpoints checkpoints;

    @Test
    void aCheckpointedRowIsProvenAndTheProofHoldsOffline() throws Exception {
        String decision = asAdmin().body(Api.check(ALICE, "invoice", "invoice_001", "approve")).post("/api/v1/authz/check")
                .then().statusCode(200).extract().header("X-Plystra-Audit-Log-ID");
        String space = newSpace();
        String mutation = spaceCreatedRow(space);
        awaitRow(decision);
        checkpoints.signNow().await().indefinitely();
        for (String id : List.of(decision, mutation)) {
            String body = asAdmin().get("/api/v1/audit/proofs/" + id).then().statusCode(200)
                    .body("data.audit_log_id", equalTo(id)).extract().asString();
            ObjectMapper json = new ObjectMapper();
            AuditProof proof = json.treeToValue(json.readTree(body).get("data"), AuditProof.class);
            Map<String, Object> row = TestDatabase.rows("SELECT chain_id, chain_seq, row_hash FROM audit_logs WHERE id = ?", id).get(0);
            Map<String, Object> cp = TestDatabase.rows("SELECT chain_seq, first_seq, merkle_root, mac FROM audit_checkpoints "
                    + "WHERE chain_id = ? AND chain_seq = ?", row.get("chain_id"), proof.checkpoint().chainSeq()).get(0);
            assertEquals(row.get("row_hash"), proof.rowHash());
            assertEquals(row.get("chain_seq"), proof.chainSeq());
            assertEquals(cp.get("merkle_root"), proof.checkpoint().merkleRoot());
            assertEquals(cp.get("mac"), proof.checkpoint().mac());
            assertEquals((Long) row.get("chain_seq") - (Long) cp.get("first_seq"), proof.leafIndex());
            assertEquals((Long) cp.get("chain_seq") - (Long) cp.get("first_seq") + 1, proof.treeSize());
            assertEquals(List.of(), proof.problems(KEY), body);
            assertNotEquals(List.of(), proof.problems("another-key".getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void unknownIdsAreNotFound() {
        asAdmin().get("/api/v1/audit/proofs/aud_000000000000" + "0".repeat(16)).then().statusCode(404)
                .body("error.code", equalTo("AUDIT_LOG_NOT_FOUND"));
        asAdmin().get("/api/v1/audit/proofs/not-an-audit-id").then().statusCode(404).body("error.code", equalTo("AUDIT_LOG_NOT_FOUND"));
    }

    @Test
    void aRowNoCheckpointCoversYetIsAConflict() {
        // A checkpoint every 10 s may fall between the write and the read: then try once more.
        int status = 0;
        for (int attempt = 0; attempt < 3 && status != 409; attempt++) {
            String id = spaceCreatedRow(newSpace());
            status = asAdmin().get("/api/v1/audit/proofs/" + id).then().extract().statusCode();
            if (status == 409) {
                asAdmin().get("/api/v1/audit/proofs/" + id).then().statusCode(409)
                        .body("error.code", equalTo("NOT_YET_CHECKPOINTED")).body("error.details.id", equalTo(id));
                checkpoints.signNow().await().indefinitely();
                asAdmin().get("/api/v1/audit/proofs/" + id).then().statusCode(200);
            }
        }
        assertEquals(409, status);
    }

    @Test
    void theRouteNeedsAuditReadInTheRowsSpace() {
        String own = newSpace();
        String ownRow = spaceCreatedRow(own);
        String otherRow = spaceCreatedRow(newSpace());
        checkpoints.signNow().await().indefinitely();
        String plain = Accounts.newUser("noproof");
        String token = Accounts.accessToken(plain);
        Accounts.as(token).get("/api/v1/audit/proofs/" + ownRow).then().statusCode(403)
                .body("error.details.permission", equalTo("audit:read"));
        Accounts.grant(plain, "space_admin", own, "audit:read");
        Accounts.as(token).get("/api/v1/audit/proofs/" + ownRow).then().statusCode(200);
        Accounts.as(token).get("/api/v1/audit/proofs/" + otherRow).then().statusCode(403);
    }

    private static String newSpace() {
        return asAdmin().body(Map.of("name", "Proof " + System.nanoTime())).post("/api/v1/spaces").then().statusCode(201)
                .extract().path("data.id");
    }

    /** The audit row of the space's creation. */
    private static String spaceCreatedRow(String space) {
        return (String) TestDatabase.rows("SELECT id FROM audit_logs WHERE action = 'space.created' AND resource_id = ?", space)
                .get(0).get("id");
    }

    /** Decision rows are written in batches after the answer. */
    private static void awaitRow(String id) throws InterruptedException {
        for (int i = 0; i < 100 && TestDatabase.rows("SELECT 1 FROM audit_logs WHERE id = ?", id).isEmpty(); i++) {
            Thread.sleep(50);
        }
        assertTrue(!TestDatabase.rows("SELECT 1 FROM audit_logs WHERE id = ?", id).isEmpty(), "decision row " + id + " written");
    }
}
