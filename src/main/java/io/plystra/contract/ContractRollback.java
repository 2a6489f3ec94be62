package io.plystra.contract;

/** {@code POST /spaces/{sid}/contracts/rollback}: the version whose document becomes the next version. */
public record ContractRollback(Integer version) {
}
