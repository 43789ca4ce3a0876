package dev.tokenkeeper.postgres.instances;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenkeeper.core.provider.ProviderConfigJson;
import dev.tokenkeeper.core.refresh.RefreshEngine;
import dev.tokenkeeper.core.refresh.RefreshScheduler;
import dev.tokenkeeper.core.refresh.RefreshSettings;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.crypto.KeysetFile;
import dev.tokenkeeper.postgres.crypto.TinkTokenCipher;
import dev.tokenkeeper.postgres.embedded.EmbeddedPostgresServer;
import dev.tokenkeeper.postgres.schedule.SchedulingInstance;
import dev.tokenkeeper.memory.InMemoryProviderDirectory;
import java.io.IOException;
import java.nio.file.Files;

/**
 * One instance process: its options, and the wiring every instance shares ({@link SchedulingInstance}); in embedded
 * mode it runs its own durable embedded PostgreSQL, as {@code serve} does.
 */
final class Instance implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final InstanceOptions options;
    private final SchedulingInstance wired;
    private final EmbeddedPostgresServer embedded;

    private Instance(InstanceOptions options, SchedulingInstance wired, EmbeddedPostgresServer embedded) {
        this.options = options;
        this.wired = wired;
        this.embedded = embedded;
    }

    /** Reads the providers and the keyset, opens the database and wires the engine; throws when one is unusable. */
    static Instance open(InstanceOptions options) throws IOException {
        InMemoryProviderDirectory providers = readProviders(options);
        TinkTokenCipher cipher = TinkTokenCipher.open(KeysetFile.at(options.keysetFile()));
        EmbeddedPostgresServer embedded = options.embeddedDataDirectory()
                .map(directory -> EmbeddedPostgresServer.start(directory, 0)).orElse(null);
        try {
            PostgresDatabase database = embedded == null
                    ? PostgresDatabase.open(options.jdbcUrl(), options.poolSize())
                    : PostgresDatabase.open(embedded.location("postgres"), options.poolSize());
            RefreshSettings refresh = RefreshSettings.defaults(options.instanceId())
                    .withTimings(options.httpDeadline(), options.leaseTtl());
            return new Instance(options, new SchedulingInstance(database, cipher, providers, refresh,
                    options.scheduler()),
                    embedded);
        } catch (RuntimeException | Error e) {
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    InstanceOptions options() {
        return options;
    }

    RefreshEngine engine() {
        return wired.engine;
    }

    /** The proactive refresh scheduler, started by the {@code schedule on} command. */
    RefreshScheduler scheduler() {
        return wired.scheduler;
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
        try {
            wired.close();
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
