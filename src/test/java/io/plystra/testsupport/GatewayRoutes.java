package io.plystra.testsupport;

import java.util.List;
import java.util.Map;

/** The gateway routes the forward-auth and ext_authz tests apply to space_acme, in the admin API's JSON form. */
public final class GatewayRoutes {

    public static final Map<String, Object> APPROVE = route("approve-invoice", List.of("POST"), "/invoices/{invoice_id}/approve",
            "invoice", "{invoice_id}", "approve");
    public static final Map<String, Object> READ = route("read-invoice", List.of("GET", "HEAD"), "/invoices/{invoice_id}",
            "invoice", "{invoice_id}", "read");
    public static final Map<String, Object> HEALTH = Map.of("name", "health", "methods", List.of("GET"), "path", "/healthz",
            "public", true);

    private GatewayRoutes() {
    }

    public static Map<String, Object> route(String name, List<String> methods, String path, String type, String id, String action) {
        return Map.of("name", name, "methods", methods, "path", path, "resource_type", type, "resource_id", id, "action", action);
    }
}
