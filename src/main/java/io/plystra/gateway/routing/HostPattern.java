package io.plystra.gateway.routing;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A route's host: any host, an exact name, or a wildcard {@code *.suffix} matching names that end in
 * {@code .suffix} with at least one label before it. Names compare case-insensitively. An exact host is more
 * specific than a wildcard, a wildcard with a longer suffix more than one with a shorter, and any wildcard more than
 * no host. A request host has its port and one trailing dot removed before comparing; a malformed one is refused.
 */
final class HostPattern {

    enum Kind {
        ANY, WILDCARD, EXACT
    }

    static final HostPattern ANY = new HostPattern(Kind.ANY, null);

    private static final Pattern NAME = Pattern.compile("[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?"
            + "(?:\\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]{2,45}\\]");
    private static final int MAX_NAME = 253;

    private final Kind kind;
    /** The exact name, or the wildcard's suffix with its leading dot; lower case. */
    private final String name;

    private HostPattern(Kind kind, String name) {
        this.kind = kind;
        this.name = name;
    }

    static HostPattern parse(String host, String field) {
        if (host == null) {
            return ANY;
        }
        String h = host.toLowerCase(Locale.ROOT);
        boolean wildcard = h.startsWith("*.");
        String bare = wildcard ? h.substring(2) : h;
        if (bare.length() > MAX_NAME || !NAME.matcher(bare).matches()) {
            throw new RouteException(field, "the host '" + host + "' must be a name such as billing.example.com or a "
                    + "wildcard such as *.example.com (no port, no scheme)");
        }
        if (wildcard && bare.indexOf('.') < 0) {
            throw new RouteException(field, "the wildcard '" + host + "' must have a suffix of at least two labels");
        }
        return wildcard ? new HostPattern(Kind.WILDCARD, "." + bare) : new HostPattern(Kind.EXACT, bare);
    }

    /**
     * The request's host as compared: lower case, port and one trailing dot removed; {@code null} when the request
     * names none.
     */
    static String normaliseRequestHost(String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        String h = raw.toLowerCase(Locale.ROOT);
        String port = null;
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0) {
                throw malformed();
            }
            if (close + 1 < h.length()) {
                if (h.charAt(close + 1) != ':') {
                    throw malformed();
                }
                port = h.substring(close + 2);
            }
            h = h.substring(0, close + 1);
            if (!IPV6.matcher(h).matches()) {
                throw malformed();
            }
        } else {
            int colon = h.lastIndexOf(':');
            if (colon >= 0) {
                port = h.substring(colon + 1);
                h = h.substring(0, colon);
            }
            if (h.endsWith(".")) {
                h = h.substring(0, h.length() - 1);
            }
            if (h.length() > MAX_NAME || !NAME.matcher(h).matches()) {
                throw malformed();
            }
        }
        if (port != null && !port.matches("[0-9]{1,5}")) {
            throw malformed();
        }
        return h;
    }

    private static RouteException malformed() {
        return new RouteException("host", "the request's host is not a valid host name, address or port");
    }

    /** Whether {@code requestHost}, as returned by {@link #normaliseRequestHost}, is this pattern's. */
    boolean matches(String requestHost) {
        return switch (kind) {
            case ANY -> true;
            case EXACT -> name.equals(requestHost);
            case WILDCARD -> requestHost != null && requestHost.length() > name.length() && requestHost.endsWith(name);
        };
    }

    /** Positive when this pattern is more specific than {@code other}. */
    int compareSpecificity(HostPattern other) {
        int c = Integer.compare(kind.ordinal(), other.kind.ordinal());
        if (c != 0 || kind != Kind.WILDCARD) {
            return c;
        }
        return Integer.compare(labels(name), labels(other.name));
    }

    private static int labels(String suffix) {
        return (int) suffix.chars().filter(ch -> ch == '.').count();
    }

    /**
     * Equal keys for two patterns of equal specificity that can match a common host (both any, the same exact name,
     * the same wildcard); different keys otherwise.
     */
    String key() {
        return switch (kind) {
            case ANY -> "";
            case EXACT -> name;
            case WILDCARD -> "*" + name;
        };
    }

    @Override
    public String toString() {
        return kind == Kind.ANY ? "any host" : key();
    }
}
