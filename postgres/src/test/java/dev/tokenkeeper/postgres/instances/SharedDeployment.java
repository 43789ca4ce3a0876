package dev.tokenkeeper.postgres.instances;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.provider.ProviderConfigJson;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.TestCiphers;
import dev.tokenkeeper.postgres.TestConnections;
import dev.tokenkeeper.postgres.TestDatabases;
import dev.tokenkeeper.postgres.connection.PostgresConnectionStore;
import dev.tokenkeeper.postgres.crypto.KeysetFile;
import dev.tokenkeeper.postgres.crypto.TinkTokenCipher;
import dev.tokenkeeper.fake.FakeProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What instance processes share: a fresh database, a keyset file, the fake provider (started here) and its config
 * file; and the test's own store on them, to create connections and look at rows. As a JUnit extension
 * ({@code @RegisterExtension}) it stops every instance it started after each test, whatever the test did.
 */
public final class SharedDeployment implements AutoCloseable, AfterEachCallback {
    private final FakeProvider provider = FakeProvider.start();
    private final PostgresDatabase database;
    private final Path keysetFile = TestCiphers.freshKeysetFile();
    private final Path providersFile;
    private final PostgresConnectionStore store;
    private final List<Runnable> stops = new ArrayList<>();

    public SharedDeployment() {
        this(UnaryOperator.identity());
    }

    /** A deployment whose provider config (of the fake provider) is adjusted by {@code change}. */
    public SharedDeployment(UnaryOperator<ProviderConfig.Builder> change) {
        this(TestDatabases.fresh(), change);
    }

    /** A deployment on {@code database} (closed with it), whose provider config is adjusted by {@code change}. */
    public SharedDeployment(PostgresDatabase database, UnaryOperator<ProviderConfig.Builder> change) {
        this.database = database;
        this.providersFile = writeProviders(TestConnections.providerConfig(provider, change));
        this.store = new PostgresConnectionStore(database, TinkTokenCipher.open(KeysetFile.at(keysetFile)));
    }

    public FakeProvider provider() {
        return provider;
    }

    public PostgresDatabase database() {
        return database;
    }

    public PostgresConnectionStore store() {
        return store;
    }

    /** The options of an instance of this deployment, with the test timings of {@link InstanceOptions#forTests}. */
    public InstanceOptions options(String instanceId) {
        return InstanceOptions.forTests(instanceId, database.jdbcUrl(), keysetFile, providersFile);
    }

    /** Starts {@code count} instances of this deployment and waits until each is ready; they stop with it. */
    public Instances startInstances(int count) {
        return startInstances(count, UnaryOperator.identity());
    }

    /** Starts {@code count} instances with options adjusted by {@code change}; see {@link #startInstances(int)}. */
    public Instances startInstances(int count, UnaryOperator<InstanceOptions> change) {
        Instances instances = Instances.start(count, id -> change.apply(options(id)));
        stops.add(instances::close);
        return instances;
    }

    /** Starts one instance process with these options without waiting for it; it stops with this deployment. */
    public InstanceProcess launch(InstanceOptions options) {
        InstanceProcess instance = InstanceProcess.launch(options);
        stops.add(instance::close);
        return instance;
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        close();
    }

    /**
     * Stops the instances started here, then the database pool and the provider. (Closing an instance fails only
     * when it survived SIGKILL; the {@link Reaper} then still has it.)
     */
    @Override
    public void close() throws IOException {
        try (provider; database) {
            stops.reversed().forEach(Runnable::run);
        } finally {
            stops.clear();
            Files.deleteIfExists(providersFile);
        }
    }

    /** The config as JSON with its client secret (which the JSON writer leaves out), readable by its owner only. */
    static Path writeProviders(ProviderConfig config) {
        return write(withSecret(config).toString());
    }

    /** The configs as one JSON array, each with its client secret, readable by its owner only. */
    static Path writeProviders(List<ProviderConfig> configs) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        configs.forEach(config -> array.add(withSecret(config)));
        return write(array.toString());
    }

    private static ObjectNode withSecret(ProviderConfig config) {
        ObjectNode json = ProviderConfigJson.write(config);
        json.remove("client_secret_set");
        json.put("client_secret", config.clientSecret().reveal());
        return json;
    }

    private static Path write(String json) {
        try {
            Path file = Files.createTempFile("tokenkeeper-providers", ".json",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            file.toFile().deleteOnExit();
            return Files.writeString(file, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
