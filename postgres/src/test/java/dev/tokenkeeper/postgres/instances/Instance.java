package dev.tokenkeeper.postgres.instances;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenkeeper.core.provider.ProviderConfigJson;
import dev.tokenkeeper.core.refresh.JdkHttpTokenEndpoint;
import dev.tokenkeeper.core.refresh.RefreshEngine;
import dev.tokenkeeper.core.refresh.RefreshScheduler;
import dev.tokenkeeper.core.refresh.RefreshSettings;
import dev.tokenkeeper.core.refresh.SchedulerSettings;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.connection.PostgresConnectionStore;
import dev.tokenkeeper.postgres.crypto.KeysetFile;
import dev.tokenkeeper.postgres.crypto.TinkTokenCipher;
import dev.tokenkeeper.postgres.lease.PostgresRefreshLease;
import dev.tokenkeeper.postgres.schedule.PostgresRefreshSchedule;
import dev.tokenkeeper.testkit.memory.InMemoryProviderDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Random;

/** One Tokenkeeper instance as a deployment would wire it: its own pool, lease listener, HTTP client and engine. */
final class Instance implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchedulerSettings SCHEDULING =
            new SchedulerSettings(16, 8, Duration.ofMillis(250), Duration.ofMillis(50));

    private final InstanceOptions options;
    private final PostgresDatabase database;
    private final PostgresRefreshLease leases;
    private final JdkHttpTokenEndpoint endpoint;
    private final RefreshEngine engine;
    private final RefreshScheduler scheduler;

    private Instance(InstanceOptions options, InMemoryProviderDirectory providers, TinkTokenCipher cipher,
            PostgresDatabase database) {
        this.options = options;
        this.database = database;
        this.leases = new PostgresRefreshLease(database);
        this.endpoint = new JdkHttpTokenEndpoint(InstantSource.system());
        this.engine = new RefreshEngine(new PostgresConnectionStore(database, cipher), leases, providers, endpoint,
                InstantSource.system(), RefreshSettings.defaults(options.instanceId())
                        .withTimings(options.httpDeadline(), options.leaseTtl()), new Random());
        this.scheduler = new RefreshScheduler(engine, new PostgresRefreshSchedule(database), SCHEDULING);
    }

    /** Reads the providers and the keyset, opens the database and wires the engine; throws when one is unusable. */
    static Instance open(InstanceOptions options) throws IOException {
        InMemoryProviderDirectory providers = readProviders(options);
        TinkTokenCipher cipher = TinkTokenCipher.open(KeysetFile.at(options.keysetFile()));
        return new Instance(options, providers, cipher, PostgresDatabase.open(options.jdbcUrl(), options.poolSize()));
    }

    InstanceOptions options() {
        return options;
    }

    RefreshEngine engine() {
        return engine;
    }

    /** The proactive refresh scheduler, started by the {@code schedule on} command. */
    RefreshScheduler scheduler() {
        return scheduler;
    }

    private static InMemoryProviderDirectory readProviders(InstanceOptions options) throws IOException {
        JsonNode root = JSON.readTree(Files.readString(options.providersFile()));
        InMemoryProviderDirectory providers = new InMemoryProviderDirectory();
        for (JsonNode config : root.isArray() ? root : JSON.createArrayNode().add(root)) {
            providers.put(ProviderConfigJson.read(config));
        }
        return providers;
    }

    @Override
    public void close() {
        scheduler.close();
        endpoint.close();
        leases.close();
        database.close();
    }
}
