package io.plystra.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The inclusion proof of one audit row under a Merkle checkpoint ({@code GET /api/v1/audit/proofs/{id}},
 * {@code plystractl audit prove}): the row's hash, its leaf index in the checkpoint's tree, the
 * audit path ({@link MerkleTree}) and the signed checkpoint. {@link #problems} checks it offline
 * with only the checkpoint key.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AuditProof(String auditLogId, String chainId, long chainSeq, String rowHash, long leafIndex, long treeSize,
                         List<String> auditPath, Checkpoint checkpoint) {

    /** How a checkpoint is signed. */
    public static final String MAC_ALGORITHM = "HMAC-SHA256";

    /**
     * A checkpoint with a Merkle root: it signs the place {@code chain_id#chain_seq}, the row hash
     * there, and the root over the rows {@code first_seq..chain_seq}. {@code signed_message} is the
     * exact UTF-8 text the MAC is computed over (see {@link AuditChain#checkpointMessage}).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Checkpoint(String chainId, long chainSeq, String rowHash, long firstSeq, long treeSize, String merkleRoot,
                             String keyId, String macAlgorithm, String mac, String signedMessage) {
    }

    /** The proof of the row at {@code seq} of {@code chainId} from the row hashes of the checkpoint's range, in chain order. */
    public static AuditProof of(String id, String chainId, long seq, String rowHash, long cpSeq, String cpRowHash, long firstSeq,
                                String merkleRoot, String keyId, String mac, List<String> rangeHashes) {
        int index = (int) (seq - firstSeq);
        Checkpoint cp = new Checkpoint(chainId, cpSeq, cpRowHash, firstSeq, rangeHashes.size(), merkleRoot, keyId, MAC_ALGORITHM,
                mac, AuditChain.checkpointMessage(chainId, cpSeq, cpRowHash, firstSeq, merkleRoot));
        return new AuditProof(id, chainId, seq, rowHash, index, rangeHashes.size(), MerkleTree.path(rangeHashes, index), cp);
    }

    /**
     * What is wrong with this proof under {@code key} (empty: the row hash is under a checkpoint signed
     * with it). Trusts no derived field: the leaf index, tree size and signed message are recomputed.
     */
    public List<String> problems(byte[] key) {
        List<String> problems = new ArrayList<>();
        Checkpoint cp = checkpoint;
        if (cp == null || rowHash == null || auditPath == null || cp.merkleRoot() == null) {
            problems.add("not an audit proof: row_hash, audit_path and checkpoint.merkle_root are required");
            return problems;
        }
        if (!Objects.equals(cp.chainId(), chainId) || chainSeq < cp.firstSeq() || chainSeq > cp.chainSeq()) {
            problems.add("the row " + chainId + "#" + chainSeq + " is not in the checkpoint's range "
                    + cp.chainId() + "#" + cp.firstSeq() + ".." + cp.chainSeq());
        }
        long size = cp.chainSeq() - cp.firstSeq() + 1;
        if (leafIndex != chainSeq - cp.firstSeq() || treeSize != size || cp.treeSize() != size) {
            problems.add("leaf_index and tree_size do not match the row's place and the checkpoint's range");
        }
        if (!cp.merkleRoot().equals(MerkleTree.rootFromPath(rowHash, chainSeq - cp.firstSeq(), size, auditPath))) {
            problems.add("the row hash and the audit path do not lead to the checkpoint's Merkle root");
        }
        String message = AuditChain.checkpointMessage(cp.chainId(), cp.chainSeq(), cp.rowHash(), cp.firstSeq(), cp.merkleRoot());
        if (!message.equals(cp.signedMessage())) {
            problems.add("signed_message does not match the checkpoint's fields");
        }
        String keyId = AuditChain.keyId(key);
        if (!keyId.equals(cp.keyId())) {
            problems.add("the checkpoint is signed with key " + cp.keyId() + ", not with this key (" + keyId + ")");
        } else if (!AuditChain.sameMac(cp.mac(), AuditChain.checkpointMac(key, cp.chainId(), cp.chainSeq(), cp.rowHash(),
                cp.firstSeq(), cp.merkleRoot()))) {
            problems.add("the checkpoint's signature is not valid: it was forged or altered");
        }
        return problems;
    }
}
