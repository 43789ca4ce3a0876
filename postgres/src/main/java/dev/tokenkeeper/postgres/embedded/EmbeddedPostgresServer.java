package dev.tokenkeeper.postgres.embedded;

import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.postgres.DatabaseLocation;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run from the binaries on the class path, its data kept in a directory that survives restarts:
 * Tokenkeeper's default when no external database is configured, and the database of every test.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    /** The owner-only file, inside the data directory, that holds the superuser's generated password. */
    public static final String PASSWORD_FILE = SuperuserPassword.FILE_NAME;
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    /** How long a start may take to accept connections: crash recovery on a busy machine included. */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final Secret password;
    private final ReentrantLock closing = new ReentrantLock();
    private boolean closed;
    private final Thread stopAtExit;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Duration ownerCloseAtExit = Duration.ZERO;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory, Secret password) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.password = password;
        // One exit hook, ours, instead of the library's: the JVM runs hooks concurrently, and the library's racing
        // the owner's close stopped the server twice ("Could not stop postmaster"). Closing is idempotent.
        this.stopAtExit = new Thread(this::stopAtExit, "embedded-postgres-stop");
        Runtime.getRuntime().addShutdownHook(stopAtExit);
    }

    /**
     * Starts (initializing on first use) a durable, password-protected server whose data lives in
     * {@code dataDirectory}: the product's default; see {@link Builder}.
     *
     * @param port the port to listen on (loopback only), or 0 for any free one
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
        return builder(dataDirectory).port(port).start();
    }

    public static Builder builder(Path dataDirectory) {
        return new Builder(dataDirectory);
    }

    /**
     * How to start a server: durable unless a test says otherwise. Every server asks for a password (SCRAM-SHA-256,
     * generated and kept owner-only in the data directory), listens on loopback TCP only, opens no Unix-domain
     * socket, and first stops its own orphaned postmaster left by a killed process.
     */
    public static final class Builder {
        private final Path dataDirectory;
        private int port;
        private boolean durable = true;

        private Builder(Path dataDirectory) {
            this.dataDirectory = dataDirectory.toAbsolutePath();
        }

        /** The loopback port, or 0 (the default) for any free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * FOR TESTS ONLY: acknowledges commits before they are on disk and never flushes (fsync, synchronous_commit
         * and full_page_writes off): fast, and a crash of the machine or of PostgreSQL loses or corrupts data.
         */
        public Builder nonDurableForTestsOnly() {
            this.durable = false;
            return this;
        }

        public EmbeddedPostgresServer start() {
            return EmbeddedPostgresServer.start(this);
        }
    }

    private static EmbeddedPostgresServer start(Builder settings) {
        Path dataDirectory = settings.dataDirectory;
        try {
            Files.createDirectories(dataDirectory);
            boolean initialized = Files.exists(dataDirectory.resolve("postgresql.conf"));
            if (initialized) {
                OrphanedPostmaster.stopIfAny(dataDirectory);
            }
            ClusterAuthentication authentication = ClusterAuthentication.prepare(dataDirectory, initialized);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(STARTUP_WAIT);
            ServerConfiguration.apply(builder, settings.durable);
            authentication.apply(builder);
            if (settings.port > 0) {
                builder.setPort(settings.port);
            }
            EmbeddedPostgres postgres = launch(builder, dataDirectory);
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, dataDirectory,
                    authentication.password());
            try {
                authentication.complete(server::connect);
            } catch (IOException | SQLException | RuntimeException e) {
                server.close();
                throw e;
            }
            LOG.info("embedded PostgreSQL listening on 127.0.0.1:{} with data in {}{}", postgres.getPort(),
                    dataDirectory, settings.durable ? "" : " (NOT durable: tests only)");
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDirectory, e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set the embedded PostgreSQL's password in " + dataDirectory
                    + " (" + e.getSQLState() + ")");
        }
    }

    private static EmbeddedPostgres launch(EmbeddedPostgres.Builder builder, Path dataDirectory) throws IOException {
        try {
            return builder.start();
        } catch (OverlappingFileLockException e) {
            throw new DataDirectoryInUseException(dataDirectory); // by this very process
        } catch (IllegalStateException e) {
            if (String.valueOf(e.getMessage()).contains("could not lock")) {
                throw new DataDirectoryInUseException(dataDirectory); // by another process
            }
            throw e;
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Where a database on this server is, as the superuser, the password apart from the URL (for the product). */
    public DatabaseLocation location(String database) {
        return new DatabaseLocation(plainUrl(database), SuperuserPassword.SUPERUSER, password);
    }

    /**
     * The JDBC URL of a database on this server as the superuser, WITH the password in it: for tests and tools that
     * pass one string around. Never log it; the product uses {@link #location}.
     */
    public String jdbcUrl(String database) {
        return plainUrl(database) + "?user=" + SuperuserPassword.SUPERUSER + "&password=" + password.reveal();
    }

    private String plainUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database;
    }

    private Connection connect() throws SQLException {
        return location("postgres").connect();
    }

    /**
     * Stops the server; later calls do nothing. A call while another is stopping it waits for that to finish, so
     * that whoever returns from {@code close} may delete the data (exit hooks run concurrently).
     */
    @Override
    public void close() {
        closing.lock();
        try {
            if (!closed) {
                closed = true;
                try {
                    stop();
                } finally {
                    stopped.countDown();
                }
            }
        } finally {
            closing.unlock();
        }
    }

    /**
     * Tells this server that its owner closes it from the owner's own exit hook, after the work that still needs the
     * database (a refresh committing its rotated token) has finished: the JVM runs exit hooks at the same time, so this
     * server's hook then waits up to {@code upTo} for that close before it stops the server itself, instead of cutting
     * the owner's last transactions off ("terminating connection due to administrator command").
     */
    public void closedByOwnerAtExit(Duration upTo) {
        if (upTo.isNegative()) {
            throw new IllegalArgumentException("upTo must not be negative");
        }
        ownerCloseAtExit = upTo;
    }

    /** What the exit hook runs (package-private for its test). */
    void stopAtExit() {
        try {
            stopped.await(ownerCloseAtExit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    private void stop() {
        if (Thread.currentThread() != stopAtExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopAtExit);
            } catch (IllegalStateException e) {
                // the JVM is already exiting: the hook may run, and will find the server closed
            }
        }
        if (!Files.exists(dataDirectory.resolve("postmaster.pid"))) {
            // Ctrl-C reaches the whole process group: the server got it too and has stopped already.
            LOG.info("embedded PostgreSQL in {} had already stopped", dataDirectory);
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop the embedded PostgreSQL", e);
        }
    }
}
