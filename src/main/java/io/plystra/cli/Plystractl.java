package io.plystra.cli;

import io.plystra.platform.DemoSeed;
import io.plystra.platform.ProductionSafety;
import io.plystra.session.grant.SuperAdminBootstrap;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.annotations.RegisterForReflection;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

import io.plystra.kernel.ApiException;
import io.plystra.kernel.Caller;
import io.plystra.kernel.DatabaseUrl;
import io.plystra.kernel.RequestInfo;
import io.plystra.audit.AuditCheckpoints;
import io.plystra.audit.AuditExport;
import io.plystra.audit.AuditPartitions;
import io.plystra.audit.AuditProof;
import io.plystra.audit.AuditProofs;
import io.plystra.audit.AuditRetention;
import io.plystra.audit.Mutation;
import io.plystra.audit.MutationAudit;

/**
 * {@code plystractl}: the operator's commands. Runs on the application's class path without
 * starting Quarkus, so it never opens the HTTP port. Success prints at most one line on standard
 * output; each problem is one line on standard error. Exit codes: 0 ok, 1 a problem was found or
 * the action failed (the database unset, unreachable or not migrated among them), 2 usage error
 * (unknown command or option, missing or invalid argument, {@code migrate down}).
 */
@RegisterForReflection(targets = {AuditProof.class, AuditProof.Checkpoint.class}) // `audit verify-proof` reads one with Jackson
public final class Plystractl {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    /** The user agent of the audit rows that plystractl writes. */
    static final String TOOL = "plystractl";

    static final String USAGE_TEXT = """
            usage: plystractl <command> [options]

            commands:
              start                      run the server (configured by the environment; see docs/operations.md)
              start-dev                  embedded PostgreSQL in .plystra/dev-db, migrations, the Finance Reviewer
                                         demo, alice@example.com / plystra-demo as super admin, http://127.0.0.1:8080
              aot-cache                  java 25+: one training start of the server until /api/v1/ready answers 200, then
                                         stop; writes target/quarkus-app/app.aot, which `start` then uses
              migrate up                 apply pending migrations
              migrate status             list applied and pending migrations
              migrate verify             exit 1 when a migration is pending or a checksum differs
                                         (there is no migrate down: restore a backup to go back)
              schema check               exit 1 when the entity model and the migrated database disagree
              doctor                     configuration, database, migrations, schema, production safety
              audit verify [--from T] [--to T]
                                         recompute the audit hash chains and checkpoints (AUDIT_CHECKPOINT_KEY);
                                         exit 1 and name the first modified, deleted or inserted row
              audit checkpoint           sign a Merkle checkpoint of every audit chain now (AUDIT_CHECKPOINT_KEY)
              audit prove ID [-o FILE]   write the inclusion proof of audit row ID (JSON) to FILE or standard output
              audit verify-proof FILE [--key KEYFILE]
                                         check a proof offline, without the database, with the checkpoint key
                                         (from KEYFILE, else AUDIT_CHECKPOINT_KEY); exit 1 when it does not hold
              audit export [--from T] [--to T] [--kind decisions|mutations|all] [--space-id S] [--cursor C] [-o FILE]
                                         write the audit log as NDJSON in chain order (as GET /audit/export) to FILE
                                         (gzip when it ends in .gz) or standard output; the last line holds the cursor
              audit import FILE          load a whole export (NDJSON or gzip) into a database with an empty audit log,
                                         chain heads and snapshots included, so `audit verify` checks the copy
              audit retention --months N --export-dir DIR
                                         export to DIR, then detach and drop, the monthly audit partitions older than
                                         the current month and the N before it (what the AUDIT_RETENTION_MONTHS job does)
              gateway routes apply -f FILE [--dry-run]
                                         apply a space's gateway route table from a YAML file (docs/gateways.md):
                                         create, update and disable routes by name, one audit row each
              contract init --template crud|finance-reviewer
                                         print a contract template (docs/contracts.md)
              contract validate|diff|apply -f FILE --space SID
                                         send a contract (YAML, or JSON for a .json file) to the server at
                                         PLYSTRA_URL with PLYSTRA_TOKEN: check it, list what it would change,
                                         or apply it as the space's next contract version
              demo seed                  load the Finance Reviewer demo (idempotent)
              admin bootstrap-super-admin --email E --password-stdin [--if-exists ok]
                                         create the first super admin (the user too, when missing)

            The database comes from PLYSTRA_DATABASE_URL (contract: the server from PLYSTRA_URL, default
            http://127.0.0.1:8080, and the token or API key from PLYSTRA_TOKEN) (postgres://user:pass@host:5432/db?sslmode=disable).
            Success prints at most one line; each problem is one line on standard error.
            Exit codes: 0 ok, 1 a problem was found or the action failed, 2 usage error.
            """;

    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;
    private final Map<String, String> env;

    Plystractl(PrintStream out, PrintStream err, InputStream in, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.in = in;
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(new Plystractl(System.out, System.err, System.in, System.getenv()).run(args));
    }

    int run(String[] args) {
        List<String> a = Arrays.asList(args);
        if (a.isEmpty() || a.contains("--help") || a.contains("-h") || a.get(0).equals("help")) {
            (a.isEmpty() ? err : out).print(USAGE_TEXT);
            return a.isEmpty() ? USAGE : OK;
        }
        try {
            return switch (a.get(0)) {
                case "migrate" -> a.size() == 2 ? migrate(a.get(1)) : usage("migrate needs up, status or verify");
                case "demo" -> a.size() == 2 && a.get(1).equals("seed") ? demoSeed() : usage("did you mean `demo seed`?");
                case "admin" -> a.size() >= 2 && a.get(1).equals("bootstrap-super-admin")
                        ? bootstrap(a.subList(2, a.size())) : usage("did you mean `admin bootstrap-super-admin`?");
                case "audit" -> audit(a.subList(1, a.size()));
                case "gateway" -> a.size() >= 3 && a.get(1).equals("routes") && a.get(2).equals("apply")
                        ? gatewayRoutes(a.subList(3, a.size())) : usage("did you mean `gateway routes apply -f FILE`?");
                case "contract" -> contract(a.subList(1, a.size()));
                case "doctor" -> a.size() == 1 ? Doctor.run(env, out, err) : usage("doctor takes no options");
                case "schema" -> a.size() == 2 && a.get(1).equals("check") ? schemaCheck() : usage("did you mean `schema check`?");
                case "start-dev" -> usage("start-dev is run by bin/plystractl from a source checkout");
                default -> usage("unknown command: " + a.get(0));
            };
        } catch (DatabaseUnavailable e) {
            err.println("plystractl: " + e.getMessage());
            return FAILED;
        } catch (SQLException e) {
            err.println("plystractl: database error: " + oneLine(e) + (undefinedObject(e)
                    ? " (is the schema migrated? `plystractl migrate verify` tells)" : ""));
            return FAILED;
        } catch (Exception e) {
            err.println("plystractl: " + oneLine(e));
            return FAILED;
        }
    }

    /** One line on standard error: the problem and where the commands are listed. */
    private int usage(String problem) {
        err.println("plystractl: " + problem + " (`plystractl --help` lists the commands)");
        return USAGE;
    }

    /**
     * A failure as one line: the first line of its message (PostgreSQL adds "Position:" or
     * "Location:" lines, Flyway adds advice and links), and the first line of the database error
     * beneath it when the message does not already say it.
     */
    static String oneLine(Throwable e) {
        String line = firstLine(e.getMessage());
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof SQLException) {
                String sql = firstLine(cause.getMessage());
                if (!sql.isEmpty() && !line.contains(sql)) {
                    line = line.isEmpty() ? sql : line + ": " + sql;
                }
                break;
            }
        }
        return line.isEmpty() ? e.getClass().getSimpleName() : line;
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        return message.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    }

    /** SQLSTATE 42P01 (undefined table), 42703 (undefined column), 42883 (undefined function). */
    private static boolean undefinedObject(SQLException e) {
        String state = e.getSQLState();
        return "42P01".equals(state) || "42703".equals(state) || "42883".equals(state);
    }

    private int migrate(String action) throws SQLException {
        switch (action) {
            case "up", "status", "verify" -> {
            }
            case "down", "undo", "rollback" -> {
                err.println("plystractl: migrate " + action + " is not supported: migrations only go forward; to undo one, "
                        + "restore the backup taken before `migrate up` (docs/upgrade.md)");
                return USAGE;
            }
            default -> {
                return usage("migrate takes up, status or verify, not " + action);
            }
        }
        DatabaseUrl db = database();
        try (Connection c = connect(db)) {
            Flyway flyway = Migrations.flyway(db);
            return switch (action) {
                case "up" -> migrateUp(c, flyway);
                case "status" -> migrateStatus(flyway);
                default -> migrateVerify(c, flyway);
            };
        }
    }

    private int migrateUp(Connection c, Flyway flyway) throws SQLException {
        List<String> blocking = Migrations.problems(c, flyway, false);
        if (!blocking.isEmpty()) {
            blocking.forEach(p -> err.println("FAIL: " + p));
            return FAILED;
        }
        org.flywaydb.core.api.output.MigrateResult result;
        try {
            result = flyway.migrate();
        } catch (org.flywaydb.core.api.FlywayException e) {
            if (e.getErrorCode() == org.flywaydb.core.api.CoreErrorCode.NON_EMPTY_SCHEMA_WITHOUT_SCHEMA_HISTORY_TABLE) {
                err.println("FAIL: " + Migrations.strangerProblem(null));
                return FAILED;
            }
            throw e;
        }
        AuditPartitions.ensure(c);
        out.println("migrate up: " + result.migrationsExecuted + " applied; schema version " + flyway.info().current().getVersion());
        return OK;
    }

    private int migrateStatus(Flyway flyway) {
        var info = flyway.info();
        for (MigrationInfo m : info.all()) {
            out.printf("%-6s %-10s %s%n", m.getVersion(), m.getState().getDisplayName().toLowerCase(java.util.Locale.ROOT),
                    m.getDescription());
        }
        out.println(info.pending().length + " pending");
        return OK;
    }

    private int migrateVerify(Connection c, Flyway flyway) throws SQLException {
        List<String> problems = Migrations.problems(c, flyway, true);
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println("FAIL: " + p));
            return FAILED;
        }
        out.println("ok: " + flyway.info().applied().length + " migration(s) applied, checksums match");
        return OK;
    }

    private int schemaCheck() throws SQLException {
        DatabaseUrl db = database();
        try (Connection c = connect(db)) {
            // A schema that is behind is one problem (its migrations), not one line per missing table.
            List<String> problems = Migrations.problems(c, Migrations.flyway(db), true);
            if (problems.isEmpty()) {
                problems = SchemaCheck.problems(c);
            }
            problems.forEach(p -> err.println("FAIL: " + p));
            if (problems.isEmpty()) {
                out.println("ok: " + SchemaCheck.entities().size() + " entities match the database");
            }
            return problems.isEmpty() ? OK : FAILED;
        }
    }

    private int audit(List<String> a) throws Exception {
        if (a.isEmpty()) {
            return usage("audit needs verify, checkpoint, prove, verify-proof, export, import or retention");
        }
        List<String> options = a.subList(1, a.size());
        return switch (a.get(0)) {
            case "verify" -> auditVerify(options);
            case "checkpoint" -> options.isEmpty() ? auditCheckpoint() : usage("audit checkpoint takes no options");
            case "prove" -> auditProve(options);
            case "verify-proof" -> auditVerifyProof(options);
            case "export" -> auditExport(options);
            case "retention" -> auditRetention(options);
            case "import" -> options.size() == 1 && !options.get(0).startsWith("-") ? auditImport(options.get(0))
                    : usage("audit import takes one export file");
            default -> usage("audit takes verify, checkpoint, prove, verify-proof, export, import or retention, not " + a.get(0));
        };
    }

    /** Signs every chain's head now, audited in the same transaction (the row is under the checkpoint it asked for). */
    private int auditCheckpoint() throws SQLException {
        try (Connection c = connect(database())) {
            c.setAutoCommit(false);
            MutationAudit.record(c, Caller.SYSTEM, RequestInfo.system(TOOL),
                    new Mutation<>("audit_checkpoint", "requested", "all_chains", null, Map.of()));
            List<AuditCheckpoints.Signed> signed = AuditCheckpoints.signNow(c, AuditVerify.keyOf(env));
            c.commit();
            long withRoot = signed.stream().filter(cp -> cp.merkleRoot() != null).count();
            out.println("ok: " + signed.size() + " audit checkpoint" + (signed.size() == 1 ? "" : "s") + " signed, "
                    + withRoot + " with a Merkle root");
            return OK;
        }
    }

    private int auditProve(List<String> options) throws Exception {
        String id = null;
        String file = null;
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i);
            if (option.equals("-o") || option.equals("--output")) {
                if (i + 1 >= options.size()) {
                    return usage(option + " needs a file");
                }
                file = options.get(++i);
            } else if (id == null && !option.startsWith("-")) {
                id = option;
            } else {
                return usage("audit prove takes an audit row id and -o FILE, not " + option);
            }
        }
        if (id == null) {
            return usage("audit prove needs the id of an audit row");
        }
        AuditProof proof;
        try (Connection c = connect(database())) {
            c.setReadOnly(true);
            proof = AuditProofs.proof(c, id);
        }
        String json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(proof);
        if (file == null) {
            out.println(json);
        } else {
            Files.writeString(Path.of(file), json + "\n", StandardCharsets.UTF_8);
            out.println("ok: proof of " + id + " under checkpoint " + proof.chainId() + "#" + proof.checkpoint().chainSeq()
                    + " written to " + file);
        }
        return OK;
    }

    /** Reads only the proof file and the key: no database. */
    private int auditVerifyProof(List<String> options) throws Exception {
        String file = null;
        String keyFile = null;
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i);
            if (option.equals("--key")) {
                if (i + 1 >= options.size()) {
                    return usage("--key needs the file holding the checkpoint key");
                }
                keyFile = options.get(++i);
            } else if (file == null && !option.startsWith("-")) {
                file = option;
            } else {
                return usage("audit verify-proof takes a proof file and --key KEYFILE, not " + option);
            }
        }
        if (file == null) {
            return usage("audit verify-proof needs a proof file (from `plystractl audit prove`)");
        }
        byte[] key = keyFile == null ? AuditVerify.keyOf(env)
                : Files.readString(Path.of(keyFile), StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
        AuditProof proof;
        try {
            ObjectMapper json = new ObjectMapper();
            JsonNode document = json.readTree(Files.readString(Path.of(file), StandardCharsets.UTF_8));
            // As `audit prove` writes it, or as the API answers it ({"data": proof, ...}).
            proof = json.treeToValue(document.has("data") ? document.get("data") : document, AuditProof.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            err.println("FAIL: " + file + " is not an audit proof: " + firstLine(e.getOriginalMessage()));
            return FAILED;
        }
        List<String> problems = proof.problems(key);
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println("FAIL: " + p));
            return FAILED;
        }
        out.println("ok: audit row " + proof.auditLogId() + " (" + proof.chainId() + "#" + proof.chainSeq() + ") is leaf "
                + proof.leafIndex() + " of " + proof.treeSize() + " under checkpoint " + proof.chainId() + "#"
                + proof.checkpoint().chainSeq() + ", signed with key " + proof.checkpoint().keyId());
        return OK;
    }

    private static final Map<String, String> EXPORT_OPTIONS = Map.of("--from", "from", "--to", "to", "--kind", "kind",
            "--space-id", "space_id", "--cursor", "cursor");

    /** The options become the route's query parameters, so both refuse the same values. */
    private int auditExport(List<String> options) throws Exception {
        Map<String, List<String>> query = new LinkedHashMap<>();
        String file = null;
        for (int i = 0; i < options.size(); i += 2) {
            String option = options.get(i);
            if (i + 1 >= options.size() || !(EXPORT_OPTIONS.containsKey(option) || option.equals("-o") || option.equals("--output"))) {
                return usage("audit export takes --from T, --to T, --kind K, --space-id S, --cursor C and -o FILE, not " + option);
            }
            if (EXPORT_OPTIONS.containsKey(option)) {
                query.computeIfAbsent(EXPORT_OPTIONS.get(option), k -> new ArrayList<>()).add(options.get(i + 1));
            } else {
                file = options.get(i + 1);
            }
        }
        AuditExport.Query q;
        try {
            q = AuditExport.parse(query);
        } catch (ApiException e) {
            return usage("audit export: " + e.getMessage());
        }
        try (Connection c = connect(database())) {
            if (file == null) {
                AuditExport.write(c, q, out);
                return OK;
            }
            long rows;
            try (OutputStream sink = Files.newOutputStream(Path.of(file));
                 OutputStream target = file.endsWith(".gz") ? new GZIPOutputStream(sink, 1 << 16) : sink) {
                rows = AuditExport.write(c, q, target);
            }
            out.println("ok: " + rows + " audit row" + (rows == 1 ? "" : "s") + " exported to " + file);
            return OK;
        }
    }

    private int auditRetention(List<String> options) throws Exception {
        Integer months = null;
        String dir = null;
        for (int i = 0; i + 1 < options.size() && options.size() == 4; i += 2) {
            if (options.get(i).equals("--months") && options.get(i + 1).matches("[0-9]{1,4}")) {
                months = Integer.parseInt(options.get(i + 1));
            } else if (options.get(i).equals("--export-dir")) {
                dir = options.get(i + 1);
            }
        }
        if (months == null || dir == null) {
            return usage("audit retention takes --months N and --export-dir DIR");
        }
        try (Connection c = connect(database())) {
            AuditRetention.Result r = AuditRetention.run(c, months, Path.of(dir), AuditVerify.keyOf(env), java.time.Instant.now(),
                    RequestInfo.system(TOOL));
            out.println(r.dropped().isEmpty() ? "ok: no audit partition is older than " + months + " months"
                    : "ok: dropped " + r.dropped() + " (rows per partition) after exporting them to " + dir);
            return OK;
        } catch (AuditRetention.Refused e) {
            err.println("plystractl: audit retention dropped nothing: " + e.getMessage());
            return FAILED;
        }
    }

    private int auditImport(String file) throws Exception {
        try (Connection c = connect(database()); InputStream in = Files.newInputStream(Path.of(file))) {
            long rows = AuditImport.importInto(c, in, Path.of(file).getFileName().toString());
            out.println("ok: " + rows + " audit row" + (rows == 1 ? "" : "s") + " imported from " + file + "; check them with `plystractl audit verify`");
            return OK;
        } catch (AuditImport.Refused e) {
            err.println("plystractl: " + e.getMessage());
            return FAILED;
        }
    }

    private int auditVerify(List<String> options) throws SQLException {
        java.time.Instant from = null;
        java.time.Instant to = null;
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i);
            if (!(option.equals("--from") || option.equals("--to")) || i + 1 >= options.size()) {
                return usage("audit verify takes --from and --to, each with a time such as 2026-01-31T00:00:00Z");
            }
            java.time.Instant at;
            try {
                at = java.time.Instant.parse(options.get(++i));
            } catch (java.time.format.DateTimeParseException e) {
                return usage(option + " needs a time such as 2026-01-31T00:00:00Z, not " + options.get(i));
            }
            if (option.equals("--from")) {
                from = at;
            } else {
                to = at;
            }
        }
        if (from != null && to != null && !to.isAfter(from)) {
            return usage("--to " + to + " is not after --from " + from);
        }
        try (Connection c = connect(database())) {
            return new AuditVerify(AuditVerify.keyOf(env), from, to).run(c, out, err).isEmpty() ? OK : FAILED;
        }
    }

    private int gatewayRoutes(List<String> options) throws Exception {
        String file = null;
        boolean dryRun = false;
        for (int i = 0; i < options.size(); i++) {
            switch (options.get(i)) {
                case "-f", "--file" -> file = i + 1 < options.size() ? options.get(++i) : null;
                case "--dry-run" -> dryRun = true;
                default -> {
                    return usage("gateway routes apply takes -f FILE and --dry-run, not " + options.get(i));
                }
            }
        }
        if (file == null) {
            return usage("gateway routes apply needs -f FILE");
        }
        try (Connection c = connect(database())) {
            return GatewayRoutesApply.run(c, java.nio.file.Path.of(file), dryRun, ProductionSafety.production(env), out, err);
        }
    }

    private int contract(List<String> a) throws Exception {
        if (a.isEmpty() || !List.of("init", "validate", "diff", "apply").contains(a.get(0))) {
            return usage("contract takes init, validate, diff or apply");
        }
        String file = null;
        String space = null;
        String template = null;
        for (int i = 1; i < a.size(); i++) {
            String option = a.get(i);
            if (i + 1 >= a.size() || !List.of("-f", "--file", "--space", "--template").contains(option)) {
                return usage("contract " + a.get(0) + (a.get(0).equals("init") ? " takes --template NAME" : " takes -f FILE and --space SID")
                        + ", not " + option);
            }
            String value = a.get(++i);
            switch (option) {
                case "--space" -> space = value;
                case "--template" -> template = value;
                default -> file = value;
            }
        }
        if (a.get(0).equals("init")) {
            String text = template == null || file != null || space != null ? null : ContractCommand.template(template);
            if (text == null) {
                return usage("contract init needs --template with one of " + ContractCommand.TEMPLATES);
            }
            out.print(text);
            return OK;
        }
        if (file == null || space == null || template != null) {
            return usage("contract " + a.get(0) + " needs -f FILE and --space SID");
        }
        return new ContractCommand(env, out, err).run(a.get(0), Path.of(file), space);
    }

    private int demoSeed() throws SQLException {
        try (Connection c = connect(database())) {
            DemoSeed.run(c, RequestInfo.system(TOOL));
        }
        out.println("demo seed: Finance Reviewer demo loaded (existing rows kept)");
        return OK;
    }

    private int bootstrap(List<String> options) throws Exception {
        String email = null;
        boolean passwordStdin = false;
        boolean ifExistsOk = false;
        for (int i = 0; i < options.size(); i++) {
            switch (options.get(i)) {
                case "--email" -> email = i + 1 < options.size() ? options.get(++i) : null;
                case "--password-stdin" -> passwordStdin = true;
                case "--if-exists" -> {
                    if (i + 1 >= options.size() || !options.get(++i).equals("ok")) {
                        return usage("--if-exists takes the value ok");
                    }
                    ifExistsOk = true;
                }
                default -> {
                    return usage("unknown option: " + options.get(i));
                }
            }
        }
        if (email == null || !email.contains("@")) {
            return usage("admin bootstrap-super-admin needs --email with an email address");
        }
        char[] password = new char[0];
        if (passwordStdin) {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            password = line == null ? new char[0] : line.toCharArray();
            if (password.length < 8) {
                err.println("plystractl: the password on standard input must have at least 8 characters");
                return USAGE;
            }
        }
        try (Connection c = connect(database())) {
            var outcome = SuperAdminBootstrap.run(c, RequestInfo.system(TOOL), email, password,
                    ifExistsOk ? SuperAdminBootstrap.Policy.OK_IF_EXISTS : SuperAdminBootstrap.Policy.REFUSE_IF_EXISTS);
            switch (outcome) {
                case CREATED -> out.println("created user " + email + " as instance super admin");
                case GRANTED_TO_EXISTING_USER -> out.println("granted instance super admin to existing user " + email
                        + " (password unchanged)");
                case ALREADY_SUPER_ADMIN -> out.println(email + " is already an instance super admin");
                case REFUSED_SUPER_ADMIN_EXISTS -> {
                    err.println("plystractl: a super admin already exists; pass --if-exists ok to add another");
                    return FAILED;
                }
            }
            return OK;
        }
    }

    private DatabaseUrl database() {
        String url = env.get("PLYSTRA_DATABASE_URL");
        if (url == null || url.isBlank()) {
            throw new DatabaseUnavailable("PLYSTRA_DATABASE_URL is not set (postgres://user:pass@host:5432/db)");
        }
        try {
            return DatabaseUrl.parse(url);
        } catch (IllegalArgumentException e) {
            throw new DatabaseUnavailable("PLYSTRA_DATABASE_URL is invalid: " + e.getMessage());
        }
    }

    static Connection connect(DatabaseUrl db) {
        try {
            return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
        } catch (SQLException e) {
            throw new DatabaseUnavailable("cannot reach the database at " + db.host() + ":" + db.port() + "/" + db.database()
                    + ": " + oneLine(e));
        }
    }

    static final class DatabaseUnavailable extends RuntimeException {
        DatabaseUnavailable(String message) {
            super(message);
        }
    }
}
