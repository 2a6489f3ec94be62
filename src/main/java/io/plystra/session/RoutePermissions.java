package io.plystra.session;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The route to admin-permission map of core-api.md section 3. GET needs {@code <resource>:read},
 * other methods {@code <resource>:manage}; audit is always {@code audit:read}, the decision routes
 * {@code authz:check}. Paths are the normalised ones the router matches.
 */
public final class RoutePermissions {

    /** Needs no credentials. */
    public static final String PUBLIC = "public";
    /** Needs a valid user session (not an API key), no admin permission. */
    public static final String SESSION = "session";

    private static final Pattern SPACE = Pattern.compile("^/api/v1/spaces/([^/]+)(/.*)?$");
    private static final Pattern SPACE_CHILD = Pattern.compile("^/api/v1/spaces/[^/]+/([a-z-]+)(/.*)?$");

    private RoutePermissions() {
    }

    public static String required(String method, String path) {
        String p = trimmed(path);
        switch (p) {
            case "/api/v1/health", "/api/v1/ready", "/api/v1/version", "/api/v1/auth/login", "/api/v1/auth/refresh":
                return PUBLIC;
            case "/api/v1/auth/logout", "/api/v1/actor/context", "/api/v1/actor/switch-member", "/api/v1/admin/me":
                return SESSION;
            default:
                break;
        }
        if (p.startsWith("/api/v1/authz/")) {
            return "authz:check";
        }
        if (p.startsWith("/api/v1/audit/")) {
            return "audit:read";
        }
        String verb = "GET".equals(method) || "HEAD".equals(method) ? "read" : "manage";
        Matcher child = SPACE_CHILD.matcher(p);
        if (child.matches()) {
            return switch (child.group(1)) {
                case "groups" -> "groups:" + verb;
                case "members" -> "members:" + verb;
                case "user-members" -> "user_members:" + verb;
                case "roles", "member-roles" -> "roles:" + verb;
                case "resources" -> "resources:" + verb;
                case "audit" -> "audit:read";
                default -> "spaces:" + verb;
            };
        }
        return switch (firstSegment(p)) {
            case "users" -> "users:" + verb;
            case "spaces" -> "spaces:" + verb;
            case "permissions", "role-permissions" -> "permissions:" + verb;
            case "resource-types" -> "registry:" + verb;
            case "resources" -> "resources:" + verb;
            case "admin" -> "admin_grants:" + verb;
            case "api-keys" -> "api_keys:" + verb;
            default -> "*";
        };
    }

    /** The space a {@code /spaces/{id}...} route names: the permission must apply there. Null for other routes. */
    public static String spaceOf(String path) {
        Matcher m = SPACE.matcher(trimmed(path));
        return m.matches() ? m.group(1) : null;
    }

    /**
     * Routes about one group ({@code /spaces/{id}/groups...}): a {@code group_admin} grant of that space
     * opens them at the gate and the service narrows to the grant's subtree. Every other route is
     * space-wide or instance-wide, where group grants do not apply.
     */
    public static boolean groupRoute(String path) {
        Matcher child = SPACE_CHILD.matcher(trimmed(path));
        return child.matches() && "groups".equals(child.group(1));
    }

    /**
     * Routes over rows that belong to no space and are shared by every tenant (users): only an
     * instance-level grant opens them, never a space or group grant.
     */
    public static boolean instanceOnly(String path) {
        return "users".equals(firstSegment(trimmed(path)));
    }

    private static String trimmed(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static String firstSegment(String p) {
        return p.startsWith("/api/v1/") ? p.substring("/api/v1/".length()).split("/")[0] : "";
    }
}
