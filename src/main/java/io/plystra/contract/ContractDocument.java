package io.plystra.contract;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.plystra.access.permission.PermissionRepository;
import io.plystra.gateway.GatewayRouteService;
import io.plystra.gateway.RouteBody;
import io.plystra.gateway.RoutesBody;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.ErrorCode;
import io.plystra.kernel.Keys;
import io.plystra.kernel.StrictJson;
import io.plystra.registry.RegistryService;
import io.plystra.registry.column.ColumnBody;
import io.plystra.registry.column.ColumnService;
import io.plystra.registry.column.ColumnsPut;

/**
 * A contract document read and checked: YAML or JSON, unknown fields refused, every problem named by its
 * field ({@code roles[2].permissions[0]}) and the line it is on. {@link #contract()} is the declaration with
 * the defaults filled in, which is what a diff compares and {@link #digest()} hashes.
 */
public final class ContractDocument {

    public static final String YAML = "yaml";
    public static final String JSON = "json";
    static final int MAX_PROBLEMS = 50;
    static final String PERMISSION_RULE = "must be <resource>:<action>:<scope> with scope one of [global, group, group_tree, self, space]";
    private static final Pattern PERMISSION = Pattern.compile("([a-z][a-z0-9_]{0,63}):([a-z][a-z0-9_]{0,63}):([a-z_]+)");
    private static final ObjectMapper YAML_READER = reader(new YAMLFactory());
    private static final ObjectMapper JSON_READER = reader(new JsonFactory());
    private static final ObjectMapper CANONICAL = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    /** A permission a role names, split. */
    public record Permission(String resource, String action, String scope) {

        public String key() {
            return resource + ":" + action + ":" + scope;
        }
    }

    private final String text;
    private final String format;
    private final Map<String, Integer> lines;
    private final Contract contract;

    private ContractDocument(String text, String format, Map<String, Integer> lines, Contract contract) {
        this.text = text;
        this.format = format;
        this.lines = lines;
        this.contract = contract;
    }

    private static ObjectMapper reader(JsonFactory factory) {
        ObjectMapper mapper = new ObjectMapper(factory).setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        new StrictJson().customize(mapper);
        return mapper;
    }

    /** {@code json} for a JSON media type ({@code application/json}, {@code …+json}), else {@code yaml}. */
    public static String formatOf(String contentType) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        return type.endsWith("/json") || type.endsWith("+json") ? JSON : YAML;
    }

    /** Reads and checks a document; 400 {@code VALIDATION_FAILED} listing each problem with its field and line. */
    public static ContractDocument read(String text, String format, boolean production) {
        ObjectMapper mapper = YAML.equals(format) ? YAML_READER : JSON_READER;
        Map<String, Integer> lines = new HashMap<>();
        Contract parsed;
        try {
            index(mapper, text == null ? "" : text, lines);
            parsed = mapper.readValue(text == null ? "" : text, Contract.class);
        } catch (JsonProcessingException e) {
            throw invalid(List.of(problemOf(e, format, lines)));
        }
        ContractDocument unchecked = new ContractDocument(text, format, lines, parsed);
        if (parsed == null) {
            throw invalid(List.of(unchecked.problem("body", "must be a contract document (resource_types, roles, gateway)")));
        }
        return unchecked.checked(production);
    }

    public Contract contract() {
        return contract;
    }

    public String text() {
        return text;
    }

    public String format() {
        return format;
    }

    /** SHA-256 of what the document declares (its defaults filled in), in hex: equal for documents that declare the same. */
    public String digest() {
        try {
            byte[] canonical = CANONICAL.writeValueAsString(contract).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A problem at {@code field}, with the line of the field or of the nearest enclosing one. */
    public ContractProblem problem(String field, String problem) {
        for (String at = field; !at.isEmpty(); at = parent(at)) {
            Integer line = lines.get(at);
            if (line != null) {
                return new ContractProblem(field, line, problem);
            }
        }
        return new ContractProblem(field, null, problem);
    }

    /** 400 {@code VALIDATION_FAILED}: {@code details.problems} lists each with field and line, {@code details.fields} maps field to problem. */
    public static ApiException invalid(List<ContractProblem> problems) {
        Map<String, String> fields = new LinkedHashMap<>();
        problems.forEach(p -> fields.putIfAbsent(p.field(), p.problem()));
        ContractProblem first = problems.get(0);
        return new ApiException(ErrorCode.VALIDATION_FAILED, "invalid field " + first.field()
                + (first.line() == null ? "" : " (line " + first.line() + ")") + ": " + first.problem(),
                Map.of("problems", problems, "fields", fields));
    }

    /** The permissions a role names, split; call on a checked document only. */
    public static Permission permission(String key) {
        Matcher m = PERMISSION.matcher(key);
        if (!m.matches()) {
            throw new IllegalArgumentException(key);
        }
        return new Permission(m.group(1), m.group(2), m.group(3));
    }

    // ---- reading ----

    /** Records the line of every field and list element, by its field path, before the document is bound. */
    private static void index(ObjectMapper mapper, String text, Map<String, Integer> lines) throws JsonProcessingException {
        try (JsonParser p = mapper.getFactory().createParser(text)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                JsonStreamContext at = t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY ? p.getParsingContext().getParent()
                        : p.getParsingContext();
                lines.putIfAbsent(path(at), p.currentTokenLocation().getLineNr());
            }
        } catch (JsonProcessingException e) {
            throw e;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String path(JsonStreamContext c) {
        if (c == null || c.inRoot()) {
            return "";
        }
        String parent = path(c.getParent());
        if (c.inArray()) {
            return parent + "[" + Math.max(c.getCurrentIndex(), 0) + "]";
        }
        String name = c.getCurrentName();
        return name == null ? parent : parent.isEmpty() ? name : parent + "." + name;
    }

    private static String parent(String field) {
        int cut = Math.max(field.lastIndexOf('.'), field.lastIndexOf('['));
        return cut < 0 ? "" : field.substring(0, cut);
    }

    private static ContractProblem problemOf(JsonProcessingException e, String format, Map<String, Integer> lines) {
        JsonLocation where = e.getLocation();
        Integer line = where == null || where.getLineNr() < 1 ? null : where.getLineNr();
        if (e instanceof JsonMappingException m) {
            StringBuilder field = new StringBuilder();
            for (JsonMappingException.Reference ref : m.getPath()) {
                if (ref.getFieldName() != null) {
                    field.append(field.length() == 0 ? "" : ".").append(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    field.append('[').append(ref.getIndex()).append(']');
                }
            }
            String at = field.length() == 0 ? "body" : field.toString();
            return new ContractProblem(at, lines.getOrDefault(at, line), mappingProblem(m));
        }
        String field = e.getProcessor() instanceof JsonParser p ? path(p.getParsingContext()) : "";
        return new ContractProblem(field.isEmpty() ? "body" : field, line,
                "is not valid " + format.toUpperCase(java.util.Locale.ROOT) + ": " + firstLine(e.getOriginalMessage()));
    }

    private static String mappingProblem(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            Set<String> known = new TreeSet<>();
            u.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
            return "unknown field (this object takes " + known + ")";
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            Class<?> type = m.getTargetType();
            if (type == String.class) {
                return "must be a string";
            }
            if (type == Boolean.class || type == boolean.class) {
                return "must be true or false";
            }
            if (Collection.class.isAssignableFrom(type)) {
                return "must be a list";
            }
            return "must be an object";
        }
        return "is not valid here";
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.strip().lines().findFirst().orElse("");
    }

    // ---- checking ----

    private ContractDocument checked(boolean production) {
        List<ContractProblem> problems = new ArrayList<>();
        List<Contract.Type> types = new ArrayList<>();
        Map<String, Set<String>> declaredActions = new HashMap<>();
        Map<String, Integer> typeAt = new HashMap<>();
        for (int i = 0; i < contract.types().size(); i++) {
            String at = "resource_types[" + i + "]";
            Contract.Type t = contract.types().get(i);
            if (t == null) {
                problems.add(problem(at, "must be an object"));
                continue;
            }
            key(at, t.key(), typeAt, i, "resource_types", problems);
            required(at + ".display_name", t.displayName(), problems);
            if (t.storageKind() != null && !t.storageKind().equals(RegistryService.STORED) && !t.storageKind().equals(RegistryService.EXTERNAL)) {
                problems.add(problem(at + ".storage_kind", "must be one of [external, stored]"));
            }
            List<Contract.Action> actions = actions(at, t.actions(), problems);
            Set<String> actionKeys = new LinkedHashSet<>();
            actions.forEach(a -> actionKeys.add(a.key()));
            declaredActions.put(t.key(), actionKeys);
            List<ColumnBody> columns = t.columns() == null ? List.of() : t.columns();
            try {
                ColumnService.validate(new ColumnsPut(columns));
            } catch (ApiException e) {
                fieldsOf(e).forEach((field, problem) -> problems.add(problem(at + "." + field, problem)));
            }
            List<Contract.Group> groups = groups(at, t.columnGroups(), columns, problems);
            types.add(new Contract.Type(t.key(), trim(t.displayName()), t.description(),
                    t.storageKind() == null ? RegistryService.STORED : t.storageKind(), actions, List.copyOf(columns), groups));
        }
        List<Contract.Role> roles = new ArrayList<>();
        Map<String, Integer> roleAt = new HashMap<>();
        for (int i = 0; i < contract.roleList().size(); i++) {
            String at = "roles[" + i + "]";
            Contract.Role r = contract.roleList().get(i);
            if (r == null) {
                problems.add(problem(at, "must be an object"));
                continue;
            }
            key(at, r.key(), roleAt, i, "roles", problems);
            required(at + ".name", r.name(), problems);
            List<String> permissions = r.permissions() == null ? List.of() : r.permissions();
            Map<String, Integer> seen = new HashMap<>();
            for (int j = 0; j < permissions.size(); j++) {
                String field = at + ".permissions[" + j + "]";
                String key = permissions.get(j);
                Matcher m = key == null ? null : PERMISSION.matcher(key);
                if (m == null || !m.matches() || !PermissionRepository.SCOPES.contains(m.group(3))) {
                    problems.add(problem(field, PERMISSION_RULE));
                } else if (seen.putIfAbsent(key, j) != null) {
                    problems.add(problem(field, "names " + key + " again (first at permissions[" + seen.get(key) + "])"));
                } else if (declaredActions.containsKey(m.group(1)) && !declaredActions.get(m.group(1)).contains(m.group(2))) {
                    problems.add(problem(field, "action " + m.group(2) + " is not among the actions this document declares for "
                            + m.group(1)));
                }
            }
            roles.add(new Contract.Role(r.key(), trim(r.name()), r.description(), List.copyOf(permissions)));
        }
        Contract.Gateway gateway = gateway(contract.gateway(), production, problems);
        if (!problems.isEmpty()) {
            throw invalid(problems.size() > MAX_PROBLEMS ? problems.subList(0, MAX_PROBLEMS) : problems);
        }
        return new ContractDocument(text, format, lines, new Contract(List.copyOf(types), List.copyOf(roles), gateway));
    }

    private List<Contract.Action> actions(String at, List<Contract.Action> given, List<ContractProblem> problems) {
        List<Contract.Action> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        List<Contract.Action> actions = given == null ? List.of() : given;
        for (int j = 0; j < actions.size(); j++) {
            String field = at + ".actions[" + j + "]";
            Contract.Action a = actions.get(j);
            if (a == null) {
                problems.add(problem(field, "must be an object"));
                continue;
            }
            key(field, a.key(), seen, j, "actions", problems);
            required(field + ".display_name", a.displayName(), problems);
            if (a.riskLevel() == null || !RegistryService.RISK_LEVELS.contains(a.riskLevel())) {
                problems.add(problem(field + ".risk_level", "must be one of [critical, high, low, normal]"));
            }
            out.add(new Contract.Action(a.key(), trim(a.displayName()), a.riskLevel(), a.auditDefault() == null || a.auditDefault()));
        }
        return List.copyOf(out);
    }

    /** The groups with their columns once each, in catalogue order; each column must be one the type declares. */
    private List<Contract.Group> groups(String at, List<Contract.Group> given, List<ColumnBody> columns, List<ContractProblem> problems) {
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i) != null) {
                position.putIfAbsent(columns.get(i).name(), i);
            }
        }
        List<Contract.Group> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        List<Contract.Group> groups = given == null ? List.of() : given;
        for (int j = 0; j < groups.size(); j++) {
            String field = at + ".column_groups[" + j + "]";
            Contract.Group g = groups.get(j);
            if (g == null) {
                problems.add(problem(field, "must be an object"));
                continue;
            }
            key(field, g.key(), seen, j, "column_groups", problems);
            if (g.columns() == null || g.columns().isEmpty()) {
                problems.add(problem(field + ".columns", "must name at least one column"));
                continue;
            }
            for (int k = 0; k < g.columns().size(); k++) {
                if (!position.containsKey(g.columns().get(k))) {
                    problems.add(problem(field + ".columns[" + k + "]", "is not among the columns this type declares"));
                }
            }
            List<String> ordered = new LinkedHashSet<>(g.columns()).stream().filter(position::containsKey)
                    .sorted((a, b) -> position.get(a) - position.get(b)).toList();
            out.add(new Contract.Group(g.key(), g.description(), ordered));
        }
        return List.copyOf(out);
    }

    private Contract.Gateway gateway(Contract.Gateway given, boolean production, List<ContractProblem> problems) {
        if (given == null) {
            return null;
        }
        RoutesBody body = new RoutesBody(given.routes() == null ? List.of() : given.routes(), given.defaultDecision());
        try {
            List<RouteBody> routes = GatewayRouteService.validate(body);
            return new Contract.Gateway(GatewayRouteService.defaultOf(body, production), routes);
        } catch (ApiException e) {
            fieldsOf(e).forEach((field, problem) -> problems.add(problem("gateway." + field, problem)));
            return null;
        }
    }

    /** A key by the key rule and once in its list; {@code seen} maps each key to where it first appeared. */
    private void key(String at, String key, Map<String, Integer> seen, int index, String list, List<ContractProblem> problems) {
        if (!Keys.valid(key)) {
            problems.add(problem(at + ".key", Keys.RULE));
        } else if (seen.putIfAbsent(key, index) != null) {
            problems.add(problem(at + ".key", "declares " + key + " again (first at " + list + "[" + seen.get(key) + "])"));
        }
    }

    private void required(String field, String value, List<ContractProblem> problems) {
        if (value == null || value.isBlank()) {
            problems.add(problem(field, "is required"));
        }
    }

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> fieldsOf(ApiException e) {
        if (e.kind() != ErrorCode.VALIDATION_FAILED) {
            throw e;
        }
        return (Map<String, String>) e.details().get("fields");
    }
}
