package io.plystra.kernel;

/**
 * What text a request may carry. PostgreSQL text refuses NUL (SQLSTATE 22021, jsonb 22P05), and no
 * field of this API means anything with the other C0 control characters, so text (JSON strings and
 * keys, query values) refuses C0 except tab, line feed and carriage return; ids refuse every
 * control character.
 */
public final class ControlCharacters {

    public static final String PROBLEM = "must not contain control characters";

    private ControlCharacters() {
    }

    /** Whether {@code text} holds a C0 control character other than tab, line feed or carriage return. */
    public static boolean inText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code id} holds any control character (C0, DEL or C1): no id can. */
    public static boolean inId(String id) {
        return id.chars().anyMatch(Character::isISOControl);
    }
}
