package io.plystra.kernel;

import java.util.regex.Pattern;

/** Machine keys (role keys, resource type and action keys, mapped field names): {@code [a-z][a-z0-9_]{0,63}}. */
public final class Keys {

    public static final String RULE = "must match [a-z][a-z0-9_]{0,63}";
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private Keys() {
    }

    public static boolean valid(String key) {
        return key != null && KEY.matcher(key).matches();
    }
}
