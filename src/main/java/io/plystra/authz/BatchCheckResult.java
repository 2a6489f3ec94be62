package io.plystra.authz;

import java.util.List;
import java.util.Map;

/**
 * The batch-check answer: one result per item, in request order, each a {@link CheckResult} (the
 * {@code check} answer) or, for an item that could not be decided, a {@link Failed} holding only
 * {@code error} ({@code {code, message, details}}, as a whole request's error would be).
 */
public record BatchCheckResult(List<Object> results) {

    public record Failed(ItemError error) {
    }

    public record ItemError(String code, String message, Map<String, Object> details) {
    }
}
