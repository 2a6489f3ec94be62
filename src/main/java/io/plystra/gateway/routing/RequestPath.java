package io.plystra.gateway.routing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request's path and query as the route table compares them: decoded once, dot segments resolved, empty segments
 * dropped, and anything that an upstream might read differently refused. The point is that the path the table
 * matches is the path the upstream serves, so {@code /invoices/../admin} or {@code /invoices/%2e%2e/admin} cannot
 * slip past a rule written for {@code /admin}.
 *
 * <p>The rules of {@link #parse}, in order (a refusal is a {@link RouteException}, field {@code "path"} or
 * {@code "query"}, which the gateway answers with 400):
 * <ol>
 * <li>The text up to the first {@code ?} is the path, the rest the query. A {@code #} anywhere is refused (a client
 * never sends a fragment).</li>
 * <li>The path must start with {@code /}. The absolute form ({@code http://host/path}) and {@code *} are refused,
 * not reduced: the gateway is handed the origin form, and a second notion of the host would be a second place to
 * get it wrong.</li>
 * <li>A path of more than {@value #MAX_PATH} characters, or of more than {@value #MAX_SEGMENTS} non-empty segments as
 * written, is refused; so is a query of more than {@value #MAX_QUERY} characters.</li>
 * <li>Refused as written: control characters, space and DEL; a backslash; a {@code ;} (path parameters such as
 * {@code /admin;x=1} are stripped by some upstreams and not by others).</li>
 * <li>Each segment is percent-decoded exactly once, as UTF-8, characters written as such (non-ASCII included) standing
 * for themselves and {@code +} staying {@code +} (strictly: overlong forms such as {@code %c0%ae} and
 * invalid sequences are refused, as is a {@code %} not followed by two hex digits). {@code %252e} therefore becomes
 * the literal text {@code %2e}, which is not a dot segment.</li>
 * <li>Refused after decoding: {@code /} and {@code \} ({@code %2F}, {@code %5C}, any case: the upstream may split
 * on them where we do not), {@code ;} ({@code %3B}), {@code %00} and every other control character.</li>
 * <li>Empty segments ({@code //}, a trailing {@code /}) are dropped, {@code .} is dropped, {@code ..} removes the
 * segment before it; {@code ..} above the root is refused, never clamped to {@code /}.</li>
 * <li>Case is kept: segments compare case-sensitively, so {@code /INVOICES/1} does not match a rule for
 * {@code /invoices/{id}} and, with a default deny, fails closed.</li>
 * <li>The query is split on {@code &}, each parameter on its first {@code =} (no {@code =}: the value is empty);
 * {@code +} is a space and names and values are percent-decoded once as UTF-8. A {@code ;} in the query (a
 * separator to some servers), control characters and invalid encodings are refused.</li>
 * </ol>
 */
public final class RequestPath {

    /** Longest path accepted, in characters as written. */
    public static final int MAX_PATH = 4096;
    /** Most non-empty segments accepted, as written (before dot segments are resolved). */
    public static final int MAX_SEGMENTS = 128;
    /** Longest query accepted, in characters as written. */
    public static final int MAX_QUERY = 8192;

    private final List<String> segments;
    private final Map<String, List<String>> query;

    private RequestPath(List<String> segments, Map<String, List<String>> query) {
        this.segments = segments;
        this.query = query;
    }

    /** Parses the request target in origin form ({@code /path?query}); see the class comment for the rules. */
    public static RequestPath parse(String rawPathAndQuery) {
        if (rawPathAndQuery == null || rawPathAndQuery.isEmpty()) {
            throw new RouteException("path", "the path is missing");
        }
        if (rawPathAndQuery.indexOf('#') >= 0) {
            throw new RouteException("path", "a request target carries no fragment ('#')");
        }
        int q = rawPathAndQuery.indexOf('?');
        String rawPath = q < 0 ? rawPathAndQuery : rawPathAndQuery.substring(0, q);
        String rawQuery = q < 0 ? "" : rawPathAndQuery.substring(q + 1);
        return new RequestPath(parsePath(rawPath), parseQuery(rawQuery));
    }

    /** The decoded segments, dot segments resolved and empty ones dropped; empty for {@code /}. */
    public List<String> segments() {
        return segments;
    }

    /** {@code "/"} followed by the segments joined by {@code /}: a form to compare and show, not re-encoded. */
    public String path() {
        return "/" + String.join("/", segments);
    }

    /** The decoded query parameters in the order first seen, each with its values in order. */
    public Map<String, List<String>> query() {
        return query;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RequestPath other && segments.equals(other.segments) && query.equals(other.query);
    }

    @Override
    public int hashCode() {
        return segments.hashCode() * 31 + query.hashCode();
    }

    @Override
    public String toString() {
        return path() + (query.isEmpty() ? "" : "?" + query);
    }

    private static List<String> parsePath(String raw) {
        if (raw.isEmpty() || raw.charAt(0) != '/') {
            throw new RouteException("path", "the path must start with '/' (the absolute form 'http://host/path' "
                    + "is not accepted)");
        }
        if (raw.length() > MAX_PATH) {
            throw new RouteException("path", "the path is longer than " + MAX_PATH + " characters");
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c <= 0x20 || c == 0x7f) {
                throw new RouteException("path", "the path contains a control character or a space");
            }
            if (c == '\\') {
                throw new RouteException("path", "the path contains a backslash");
            }
            if (c == ';') {
                throw new RouteException("path", "the path contains ';' (path parameters are refused)");
            }
        }
        String[] written = raw.split("/", -1);
        int nonEmpty = 0;
        for (String s : written) {
            if (!s.isEmpty()) {
                nonEmpty++;
            }
        }
        if (nonEmpty > MAX_SEGMENTS) {
            throw new RouteException("path", "the path has more than " + MAX_SEGMENTS + " segments");
        }
        List<String> out = new ArrayList<>(nonEmpty);
        for (String s : written) {
            if (s.isEmpty()) {
                continue;
            }
            String segment = decode(s, false, "path");
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                if (c == '/' || c == '\\') {
                    throw new RouteException("path", "the path contains an encoded slash or backslash (%2F, %5C)");
                }
                if (c == ';') {
                    throw new RouteException("path", "the path contains an encoded ';' (%3B)");
                }
                if (Character.isISOControl(c)) {
                    throw new RouteException("path", "the path contains an encoded control character (such as %00)");
                }
            }
            if (segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (out.isEmpty()) {
                    throw new RouteException("path", "the path climbs above the root ('..')");
                }
                out.remove(out.size() - 1);
                continue;
            }
            out.add(segment);
        }
        return List.copyOf(out);
    }

    private static Map<String, List<String>> parseQuery(String raw) {
        if (raw.isEmpty()) {
            return Map.of();
        }
        if (raw.length() > MAX_QUERY) {
            throw new RouteException("query", "the query is longer than " + MAX_QUERY + " characters");
        }
        if (raw.indexOf(';') >= 0) {
            throw new RouteException("query", "the query contains ';' (a parameter separator to some servers)");
        }
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String pair : raw.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), true, "query");
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true, "query");
            if (hasControl(name) || hasControl(value)) {
                throw new RouteException("query", "the query contains a control character");
            }
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        Map<String, List<String>> frozen = new LinkedHashMap<>();
        params.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(frozen);
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(Character::isISOControl);
    }

    /** One percent-decoding pass over {@code s} as strict UTF-8; {@code plusIsSpace} for the query. */
    private static String decode(String s, boolean plusIsSpace, String field) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || !isAsciiHex(s.charAt(i + 1)) || !isAsciiHex(s.charAt(i + 2))) {
                    throw new RouteException(field, "the " + field + " has a '%' not followed by two hex digits");
                }
                bytes.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 3;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
                i++;
            } else {
                int end = i + 1;
                if (Character.isSurrogate(c)) {
                    if (!Character.isHighSurrogate(c) || end >= s.length()
                            || !Character.isLowSurrogate(s.charAt(end))) {
                        throw new RouteException(field, "the " + field + " is not valid UTF-16 text");
                    }
                    end++;
                }
                byte[] raw = s.substring(i, end).getBytes(StandardCharsets.UTF_8);
                bytes.write(raw, 0, raw.length);
                i = end;
            }
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = utf8.decode(ByteBuffer.wrap(bytes.toByteArray()));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new RouteException(field, "the " + field + " is not valid UTF-8 once percent-decoded");
        }
    }

    private static boolean isAsciiHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
