package dev.tokenkeeper.postgres.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run from the binaries on the class path, its data kept in a directory that survives restarts:
 * Tokenkeeper's default when no external database is configured, and the database of every test.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final ReentrantLock closing = new ReentrantLock();
    private boolean closed;
    private final Thread stopAtExit;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        // One exit hook, ours, instead of the library's: the JVM runs hooks concurrently, and the library's racing
        // the owner's close stopped the server twice ("Could not stop postmaster"). Closing is idempotent.
        this.stopAtExit = new Thread(this::close, "embedded-postgres-stop");
        Runtime.getRuntime().addShutdownHook(stopAtExit);
    }

    /**
     * Starts (initializing on first use) a server whose data lives in {@code dataDirectory}.
     *
     * @param port the port to listen on (loopback only), or 0 for any free one
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
        try {
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "300");
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres postgres = start(builder, dataDirectory);
            LOG.info("embedded PostgreSQL listening on 127.0.0.1:{} with data in {}", postgres.getPort(),
                    dataDirectory.toAbsolutePath());
            return new EmbeddedPostgresServer(postgres, dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    private static EmbeddedPostgres start(EmbeddedPostgres.Builder builder, Path dataDirectory) throws IOException {
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

    /** The JDBC URL of a database on this server, as the superuser {@code postgres}. */
    public String jdbcUrl(String database) {
        return postgres.getJdbcUrl("postgres", database);
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
                stop();
            }
        } finally {
            closing.unlock();
        }
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
