package io.plystra.gateway.routing;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One entry of a gateway's route table: requests with one of {@code methods}, to {@code host} (or any host when
 * {@code null}), whose path matches the template {@code path}, need a decision on ({@code resourceType},
 * {@code resourceId}, {@code action}), or none at all when {@code isPublic}.
 *
 * <ul>
 * <li>{@code name}: unique in the table; letters, digits, {@code _ . -}, at most 100 characters.</li>
 * <li>{@code host}: {@code null} for any host, an exact name ({@code billing.example.com}) or a wildcard
 * ({@code *.example.com}, matching {@code a.example.com} and {@code a.b.example.com} but not {@code example.com});
 * letters, digits, {@code -} and dots, no port, compared case-insensitively; a wildcard's suffix has at least two
 * labels.</li>
 * <li>{@code methods}: upper-case, among GET HEAD POST PUT PATCH DELETE OPTIONS; HEAD is not implied by GET.</li>
 * <li>{@code path}: {@code /} or {@code /}-separated segments, each a literal, a variable {@code {name}} matching one
 * segment, or, last only, {@code {name...}} matching one or more remaining segments; names are
 * {@code [a-z_][a-z0-9_]*} and distinct. Literals are compared with the decoded request segments, so they hold no
 * {@code %}, braces, {@code ;}, {@code \}, {@code ?}, {@code #}, spaces or control characters and are not
 * {@code .} or {@code ..}. No empty segment and no trailing {@code /} (requests ignore theirs).</li>
 * <li>{@code resourceId}: {@code {var}} naming a variable of {@code path}, {@code {q.name}} naming a query parameter,
 * or a literal without braces.</li>
 * <li>A public route has no {@code resourceType}, {@code resourceId} or {@code action} (writing one would suggest a
 * check that never runs); a non-public route has all three.</li>
 * </ul>
 *
 * <p>The record only holds the values; {@link RouteTable#of} validates them and names a failure's field
 * {@code routes[i].<field>}.
 */
public record Route(String name, String host, Set<String> methods, String path, String resourceType,
        String resourceId, String action, boolean isPublic) {

    /** The HTTP methods a route may list. */
    public static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    public Route {
        methods = methods == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(methods));
    }

    /** A route that needs a decision on ({@code resourceType}, {@code resourceId}, {@code action}). */
    public static Route checked(String name, String host, Set<String> methods, String path, String resourceType,
            String resourceId, String action) {
        return new Route(name, host, methods, path, resourceType, resourceId, action, false);
    }

    /** A route allowed without a decision. */
    public static Route publicRoute(String name, String host, Set<String> methods, String path) {
        return new Route(name, host, methods, path, null, null, null, true);
    }
}
