package io.plystra.kernel;

import java.text.Normalizer;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Emails as accounts are keyed: trimmed and NFKC-normalized, so a full-width or otherwise
 * compatibility-encoded address is the same account as its plain form; and refused when its local
 * part or its domain mixes scripts the way a look-alike does ({@code аlice} with a Cyrillic а). The
 * mixes allowed are those of UTS #39's highly restrictive level: one script, or Latin with Han and
 * Japanese kana, with Han and Bopomofo, or with Han and Hangul.
 */
public final class EmailAddress {

    public static final int MAX_LENGTH = 256;
    public static final String INVALID = "must be a valid email";
    private static final Pattern SHAPE = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final List<Set<Character.UnicodeScript>> ALLOWED_MIXES = List.of(
            EnumSet.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN, Character.UnicodeScript.HIRAGANA,
                    Character.UnicodeScript.KATAKANA),
            EnumSet.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN, Character.UnicodeScript.BOPOMOFO),
            EnumSet.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN, Character.UnicodeScript.HANGUL));

    private EmailAddress() {
    }

    /** The form an account is stored and looked up under; null stays null. */
    public static String normalize(String raw) {
        return raw == null ? null : Normalizer.normalize(raw.trim(), Normalizer.Form.NFKC);
    }

    /** Why {@code normalized} (from {@link #normalize}) is no acceptable account email, or null. */
    public static String problem(String normalized) {
        if (normalized == null || normalized.length() > MAX_LENGTH || !SHAPE.matcher(normalized).matches()) {
            return INVALID;
        }
        int at = normalized.lastIndexOf('@');
        for (String part : List.of(normalized.substring(0, at), normalized.substring(at + 1))) {
            Set<Character.UnicodeScript> scripts = EnumSet.noneOf(Character.UnicodeScript.class);
            part.codePoints().filter(Character::isLetter).mapToObj(Character.UnicodeScript::of)
                    .filter(s -> s != Character.UnicodeScript.COMMON && s != Character.UnicodeScript.INHERITED)
                    .forEach(scripts::add);
            if (scripts.size() > 1 && ALLOWED_MIXES.stream().noneMatch(mix -> mix.containsAll(scripts))) {
                return "mixes the scripts " + scripts + " in one part, as look-alike addresses do";
            }
        }
        return null;
    }
}
