package dev.tokenkeeper.postgres.embedded;

import dev.tokenkeeper.core.token.Secret;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a start makes sure the cluster asks for the superuser's password: a new cluster is created with it
 * ({@code initdb --auth=scram-sha-256 --pwfile}); a cluster of an older Tokenkeeper, which trusted every local user,
 * gets a password and a rewritten {@code pg_hba.conf}, reloaded, once it runs; any other gets its
 * {@code pg_hba.conf} written before it starts.
 */
final class ClusterAuthentication {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterAuthentication.class);

    private enum Step { CREATE, UPGRADE_FROM_TRUST, NONE }

    /** Opens a connection to the started server as the superuser. */
    @FunctionalInterface
    interface Connector {
        Connection connect() throws SQLException;
    }

    private final Path dataDirectory;
    private final Secret password;
    private final Step step;

    private ClusterAuthentication(Path dataDirectory, Secret password, Step step) {
        this.dataDirectory = dataDirectory;
        this.password = password;
        this.step = step;
    }

    /** Reads (or generates) the password and does what must happen before the server starts. */
    static ClusterAuthentication prepare(Path dataDirectory, boolean initialized) throws IOException {
        Path file = SuperuserPassword.file(dataDirectory);
        Path initdbFile = SuperuserPassword.initdbFile(dataDirectory);
        if (!initialized) {
            Secret password = SuperuserPassword.generate();
            SuperuserPassword.write(initdbFile, password);
            return new ClusterAuthentication(dataDirectory, password, Step.CREATE);
        }
        if (!Files.exists(file) && Files.exists(initdbFile)) {
            Files.move(initdbFile, file, StandardCopyOption.ATOMIC_MOVE); // a first start that ended right after initdb
        }
        boolean trusting = ClientAuthentication.trustsAnyone(dataDirectory);
        if (!Files.exists(file)) {
            if (!trusting) {
                throw new IllegalStateException("the embedded PostgreSQL in " + dataDirectory + " asks for a password,"
                        + " but its password file " + file + " is missing; put it back from the backup of the data"
                        + " directory");
            }
            SuperuserPassword.write(file, SuperuserPassword.generate());
        }
        Secret password = SuperuserPassword.read(file);
        if (trusting) {
            return new ClusterAuthentication(dataDirectory, password, Step.UPGRADE_FROM_TRUST);
        }
        if (!ClientAuthentication.isCurrent(dataDirectory)) {
            ClientAuthentication.write(dataDirectory);
        }
        return new ClusterAuthentication(dataDirectory, password, Step.NONE);
    }

    Secret password() {
        return password;
    }

    /** Tells the embedding library how to log in (and, for a new cluster, how initdb sets the password). */
    void apply(EmbeddedPostgres.Builder builder) {
        builder.setConnectConfig("password", password.reveal());
        if (step == Step.CREATE) {
            // The library runs "initdb -A trust ..." followed by these as --name=value; the later --auth wins.
            builder.setLocaleConfig("auth", "scram-sha-256");
            builder.setLocaleConfig("pwfile", SuperuserPassword.initdbFile(dataDirectory).toString());
        }
    }

    /** Finishes once the server runs: keeps a new cluster's password, or upgrades an old cluster from trust. */
    void complete(Connector server) throws IOException, SQLException {
        switch (step) {
            case CREATE -> {
                Path initdbFile = SuperuserPassword.initdbFile(dataDirectory);
                SuperuserPassword.write(SuperuserPassword.file(dataDirectory), password);
                Files.deleteIfExists(initdbFile);
                writeAndReload(server);
            }
            case UPGRADE_FROM_TRUST -> {
                try (Connection connection = server.connect()) {
                    SuperuserPassword.setOn(connection, password);
                }
                writeAndReload(server);
                LOG.warn("upgraded the embedded PostgreSQL in {} from trusting every local user to a password"
                        + " (SCRAM-SHA-256, kept in {})", dataDirectory, SuperuserPassword.file(dataDirectory));
            }
            case NONE -> { }
        }
    }

    private void writeAndReload(Connector server) throws IOException, SQLException {
        ClientAuthentication.write(dataDirectory);
        try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
            statement.execute("select pg_reload_conf()");
        }
    }
}
