package dev.tokenkeeper.server;

import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.postgres.DatabaseLocation;
import dev.tokenkeeper.postgres.TestDatabases;
import dev.tokenkeeper.postgres.crypto.KeysetFile;
import dev.tokenkeeper.postgres.setup.StorageSettings;
import dev.tokenkeeper.fake.FakeProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A real Tokenkeeper service for tests: its own database on one embedded PostgreSQL shared by the test JVM, its own
 * generated keyset and data directory, a known admin key, a fake provider registered as {@value #PROVIDER}, and a
 * client for its HTTP API that fails any call whose answer the OpenAPI document does not describe.
 */
public final class TestService implements AutoCloseable {
    public static final String PROVIDER = "fake";

    public final FakeProvider provider;
    public final Tokenkeeper tokenkeeper;
    public final ApiClient api;
    public final Secret apiKey;
    private final Path dataDirectory;

    private TestService(FakeProvider provider, Tokenkeeper tokenkeeper, Secret apiKey, Path dataDirectory) {
        this.provider = provider;
        this.tokenkeeper = tokenkeeper;
        this.apiKey = apiKey;
        this.dataDirectory = dataDirectory;
        this.api = new ApiClient(tokenkeeper.baseUrl(), apiKey).observedBy(OpenApiContract.shipped().responseChecker());
    }

    /** A service without proactive refresh, with the fake provider registered under its defaults. */
    public static TestService start() {
        return start(false, UnaryOperator.identity());
    }

    /** A service, proactive refresh on or off, with the fake provider's config changed by {@code change}. */
    public static TestService start(boolean schedule, UnaryOperator<ProviderConfig.Builder> change) {
        return start(schedule, change, UnaryOperator.identity());
    }

    /** A service as {@link #start(boolean, UnaryOperator)} makes it, with its settings changed by {@code settings}. */
    public static TestService start(boolean schedule, UnaryOperator<ProviderConfig.Builder> change,
            UnaryOperator<ServerSettings> settingsChange) {
        return start(InstantSource.system(), InstantSource.system(), schedule, change, settingsChange);
    }

    /**
     * A service as {@link #start(boolean, UnaryOperator)} makes it whose Tokenkeeper reads the time from
     * {@code clock} (a {@code SettableClock} lets a test jump days ahead); the fake provider keeps the real time.
     */
    public static TestService start(boolean schedule, UnaryOperator<ProviderConfig.Builder> change,
            InstantSource clock) {
        return start(clock, InstantSource.system(), schedule, change, UnaryOperator.identity());
    }

    /**
     * A service as {@link #start(boolean, UnaryOperator)} makes it, with Tokenkeeper on {@code clock} and the fake
     * provider on {@code providerClock} (the same clock, or another one to skew them apart).
     */
    public static TestService start(InstantSource clock, InstantSource providerClock, boolean schedule,
            UnaryOperator<ProviderConfig.Builder> change, UnaryOperator<ServerSettings> settingsChange) {
        FakeProvider provider = FakeProvider.start(providerClock);
        try {
            Path data = Files.createTempDirectory("tokenkeeper-server-test");
            KeysetFile keyset = KeysetFile.generatedIn(data);
            keyset.load();
            Secret apiKey = Secret.of("tk_test_" + UUID.randomUUID().toString().replace("-", ""));
            int port = freePort();
            ServerSettings settings = new ServerSettings("127.0.0.1", port, URI.create("http://127.0.0.1:" + port),
                    apiKey).withAllowPrivateUrls(true);
            StorageSettings storage = new StorageSettings(DatabaseLocation.of(TestDatabases.freshUrl()), data,
                    Secret.of(keyset.path().toString()), 8, 0);
            Tokenkeeper tokenkeeper = Tokenkeeper.start(settingsChange.apply(settings), storage, schedule, clock);
            tokenkeeper.parts().providers().save(change.apply(providerConfig(provider)).build());
            return new TestService(provider, tokenkeeper, apiKey, data);
        } catch (IOException e) {
            provider.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            provider.close();
            throw e;
        }
    }

    /**
     * Another instance of this deployment: its own Tokenkeeper (HTTP server, pool, engine and scheduler, proactive
     * refresh off) on the same database, keyset and API key, as a second replica would run. The caller closes it.
     */
    public Tokenkeeper anotherInstance() {
        try {
            int port = freePort();
            var storage = tokenkeeper.parts().storage();
            return Tokenkeeper.start(new ServerSettings("127.0.0.1", port, URI.create("http://127.0.0.1:" + port),
                    apiKey).withAllowPrivateUrls(true),
                    new StorageSettings(storage.database().location(), dataDirectory,
                    Secret.of(dataDirectory.resolve(KeysetFile.GENERATED_FILE_NAME).toString()), 8, 0), false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fake provider's config as the tests register it. */
    public static ProviderConfig.Builder providerConfig(FakeProvider provider) {
        return providerConfig(PROVIDER, provider);
    }

    /** The fake provider's config under another key, for tests that register it twice with other settings. */
    public static ProviderConfig.Builder providerConfig(String key, FakeProvider provider) {
        return ProviderConfig.builder(key)
                .authorizationUrl(provider.authorizationUrl())
                .tokenUrl(provider.tokenUrl())
                .revocationUrl(provider.revocationUrl())
                .apiBaseUrl(provider.apiBaseUrl())
                .clientId(FakeProvider.DEFAULT_CLIENT_ID)
                .clientSecret(Secret.of(FakeProvider.DEFAULT_CLIENT_SECRET));
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public void close() {
        try {
            tokenkeeper.close();
        } finally {
            provider.close();
            TestDatabases.deleteQuietly(dataDirectory);
        }
    }

    /** A loopback port free right now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

}
