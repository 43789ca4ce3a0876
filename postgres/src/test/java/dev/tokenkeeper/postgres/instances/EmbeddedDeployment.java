package dev.tokenkeeper.postgres.instances;

import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.postgres.DatabaseLocation;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.TestCiphers;
import dev.tokenkeeper.postgres.TestConnections;
import dev.tokenkeeper.postgres.TestDatabases;
import dev.tokenkeeper.postgres.connection.PostgresConnectionStore;
import dev.tokenkeeper.postgres.crypto.KeysetFile;
import dev.tokenkeeper.postgres.crypto.TinkTokenCipher;
import dev.tokenkeeper.postgres.embedded.EmbeddedPostgresServer;
import dev.tokenkeeper.fake.FakeProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A deployment whose instance process runs the product's own embedded PostgreSQL (durable, as {@code serve} runs
 * it) on one data directory that outlives the instance: for tests that kill the instance and start it again. The
 * test reads and writes rows while no instance runs, through a server of its own on the same directory. As a JUnit
 * extension it stops what it started after each test, and kills a postmaster a killed instance left behind.
 */
final class EmbeddedDeployment implements AutoCloseable, AfterEachCallback {
    private final FakeProvider provider = FakeProvider.start();
    private final Path dataDirectory;
    private final Path keysetFile = TestCiphers.freshKeysetFile();
    private final Path providersFile;
    private final List<InstanceProcess> launched = new ArrayList<>();

    EmbeddedDeployment(UnaryOperator<ProviderConfig.Builder> change) {
        try {
            this.dataDirectory = Files.createTempDirectory("tokenkeeper-embedded").resolve("postgres");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.providersFile = SharedDeployment.writeProviders(TestConnections.providerConfig(provider, change));
    }

    FakeProvider provider() {
        return provider;
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    InstanceOptions options(String instanceId) {
        return InstanceOptions.forTests(instanceId, InstanceOptions.embeddedIn(dataDirectory), keysetFile,
                providersFile);
    }

    /** Starts an instance in a session of its own (see {@link InstanceProcess#launchInOwnSession}). */
    InstanceProcess launch(String instanceId) {
        InstanceProcess instance = InstanceProcess.launchInOwnSession(options(instanceId));
        launched.add(instance);
        return instance;
    }

    /** Runs {@code work} on a store over the data directory, with a server started for it; no instance may run. */
    <T> T withStore(Function<PostgresConnectionStore, T> work) {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDirectory, 0);
                PostgresDatabase database = PostgresDatabase.open(server.location("postgres"), 4)) {
            return work.apply(new PostgresConnectionStore(database, TinkTokenCipher.open(KeysetFile.at(keysetFile))));
        }
    }

    /**
     * Runs {@code work} on a store over the server a running instance started, found through its
     * {@code postmaster.pid} (whose fourth line is the port) and the password file.
     */
    <T> T withRunningStore(Function<PostgresConnectionStore, T> work) {
        try {
            String port = Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(3).strip();
            Secret password = Secret.of(Files.readString(dataDirectory.resolve(EmbeddedPostgresServer.PASSWORD_FILE))
                    .strip());
            DatabaseLocation location = new DatabaseLocation("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                    "postgres", password);
            try (PostgresDatabase database = PostgresDatabase.open(location, 2)) {
                return work.apply(new PostgresConnectionStore(database,
                        TinkTokenCipher.open(KeysetFile.at(keysetFile))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        try (provider) {
            launched.reversed().forEach(InstanceProcess::close);
            PowerCut.killLeftover(dataDirectory);
        } finally {
            launched.clear();
            TestDatabases.deleteQuietly(dataDirectory.getParent());
            try {
                Files.deleteIfExists(providersFile);
            } catch (IOException e) {
                // a temporary file; deleted at exit as well
            }
        }
    }
}
