package io.plystra.kernel;

import java.util.HexFormat;
import java.util.regex.Pattern;

/** Entity ids: given on create ({@code [a-z0-9][a-z0-9_.-]{0,127}}) or made as {@code <prefix>_<20 hex>}. */
public final class Ids {

    private static final Pattern GIVEN = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,127}");

    private Ids() {
    }

    /** The given id when valid, a new one when absent; 400 naming {@code id} otherwise. */
    public static String givenOrNew(String given, String prefix) {
        if (given == null) {
            return generate(prefix);
        }
        if (!GIVEN.matcher(given).matches()) {
            throw ApiException.validation("id", "must match [a-z0-9][a-z0-9_.-]{0,127}");
        }
        return given;
    }

    public static String generate(String prefix) {
        return prefix + "_" + HexFormat.of().formatHex(RandomBytes.next(10));
    }

    /** Whether {@code id} can name a row at all: 1 to 256 characters, no control characters (PostgreSQL text refuses NUL). */
    public static boolean wellFormed(String id) {
        return id != null && !id.isBlank() && id.length() <= 256 && id.chars().noneMatch(Character::isISOControl);
    }
}
