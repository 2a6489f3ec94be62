package io.plystra.gateway.routing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A route's path template, parsed: each segment a literal, a variable (one segment) or a final rest variable (one or
 * more segments). Specificity compares the kinds segment by segment: literal beats variable beats rest at the first
 * difference; when one kind sequence is a prefix of the other, the longer wins. Equal kind sequences are equally
 * specific; they can match a common path only when their literals are equal, which {@link #shape()} captures.
 */
final class PathTemplate {

    /** Segment kinds, weakest first: the ordinal is the strength. */
    enum Kind {
        REST, VARIABLE, LITERAL
    }

    record Segment(Kind kind, String text) {
    }

    static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    private final String source;
    private final List<Segment> segments;

    private PathTemplate(String source, List<Segment> segments) {
        this.source = source;
        this.segments = segments;
    }

    static PathTemplate parse(String path, String field) {
        if (path == null || path.isEmpty()) {
            throw new RouteException(field, "the path template is missing");
        }
        if (path.charAt(0) != '/') {
            throw new RouteException(field, "the path template must start with '/'");
        }
        if (path.length() > RequestPath.MAX_PATH) {
            throw new RouteException(field, "the path template is longer than " + RequestPath.MAX_PATH + " characters");
        }
        if (path.equals("/")) {
            return new PathTemplate(path, List.of());
        }
        String[] parts = path.substring(1).split("/", -1);
        if (parts.length > RequestPath.MAX_SEGMENTS) {
            throw new RouteException(field, "the path template has more than " + RequestPath.MAX_SEGMENTS
                    + " segments");
        }
        List<Segment> segments = new ArrayList<>(parts.length);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            boolean last = i == parts.length - 1;
            if (part.isEmpty()) {
                throw new RouteException(field, last
                        ? "the path template ends with '/' (write it without: requests ignore a trailing slash)"
                        : "the path template has an empty segment ('//')");
            }
            Segment segment = segment(part, field);
            if (segment.kind() == Kind.REST && !last) {
                throw new RouteException(field, "'{" + segment.text() + "...}' must be the last segment");
            }
            if (segment.kind() != Kind.LITERAL && !names.add(segment.text())) {
                throw new RouteException(field, "the variable '" + segment.text() + "' appears twice");
            }
            segments.add(segment);
        }
        return new PathTemplate(path, List.copyOf(segments));
    }

    private static Segment segment(String part, String field) {
        if (part.startsWith("{") && part.endsWith("}")) {
            String inner = part.substring(1, part.length() - 1);
            boolean rest = inner.endsWith("...");
            String name = rest ? inner.substring(0, inner.length() - 3) : inner;
            if (!NAME.matcher(name).matches()) {
                throw new RouteException(field, "the variable '" + part + "' must be named [a-z_][a-z0-9_]*");
            }
            return new Segment(rest ? Kind.REST : Kind.VARIABLE, name);
        }
        if (part.equals(".") || part.equals("..")) {
            throw new RouteException(field, "the path template has a dot segment ('" + part + "')");
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '{' || c == '}') {
                throw new RouteException(field, "the segment '" + part + "' mixes a variable with text: a variable "
                        + "takes a whole segment");
            }
            if (c == '%' || c == ';' || c == '\\' || c == '?' || c == '#' || Character.isWhitespace(c)
                    || Character.isISOControl(c)) {
                throw new RouteException(field, "the segment '" + part + "' contains a character a literal may not "
                        + "hold (% ; \\ ? # space, control): literals are written decoded");
            }
        }
        return new Segment(Kind.LITERAL, part);
    }

    String source() {
        return source;
    }

    List<Segment> segments() {
        return segments;
    }

    boolean hasVariable(String name) {
        return segments.stream().anyMatch(s -> s.kind() != Kind.LITERAL && s.text().equals(name));
    }

    /** The variables of a match of {@code path}, or {@code null} when the template does not match it. */
    Map<String, String> match(List<String> path) {
        Map<String, String> vars = new LinkedHashMap<>();
        int n = segments.size();
        for (int i = 0; i < n; i++) {
            Segment s = segments.get(i);
            if (s.kind() == Kind.REST) {
                if (path.size() <= i) {
                    return null;
                }
                vars.put(s.text(), String.join("/", path.subList(i, path.size())));
                return vars;
            }
            if (i >= path.size()) {
                return null;
            }
            String actual = path.get(i);
            if (s.kind() == Kind.LITERAL) {
                if (!s.text().equals(actual)) {
                    return null;
                }
            } else {
                vars.put(s.text(), actual);
            }
        }
        return path.size() == n ? vars : null;
    }

    /** Positive when this template is more specific than {@code other}, negative when less, 0 when equal. */
    int compareSpecificity(PathTemplate other) {
        int n = Math.min(segments.size(), other.segments.size());
        for (int i = 0; i < n; i++) {
            int c = Integer.compare(segments.get(i).kind().ordinal(), other.segments.get(i).kind().ordinal());
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(segments.size(), other.segments.size());
    }

    /**
     * The template with its variable names erased: two templates of one shape match the same paths and are equally
     * specific; two of different shapes differ in specificity or share no path.
     */
    String shape() {
        StringBuilder b = new StringBuilder();
        for (Segment s : segments) {
            b.append('/').append(switch (s.kind()) {
                case LITERAL -> s.text();
                case VARIABLE -> "{}";
                case REST -> "{...}";
            });
        }
        return b.length() == 0 ? "/" : b.toString();
    }

    @Override
    public String toString() {
        return source;
    }
}
