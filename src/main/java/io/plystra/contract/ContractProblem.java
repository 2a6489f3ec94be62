package io.plystra.contract;

/** One problem of a contract document: the field at fault ({@code roles[2].permissions[0]}), its line (1-based; null when unknown) and why. */
public record ContractProblem(String field, Integer line, String problem) {
}
