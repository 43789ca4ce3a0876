package dev.tokenkeeper.postgres.setup;

import dev.tokenkeeper.core.library.LibraryStorage;
import dev.tokenkeeper.postgres.connection.PostgresConnectionStore;
import dev.tokenkeeper.postgres.lease.PostgresRefreshLease;
import dev.tokenkeeper.postgres.provider.PostgresProviderDirectory;
import dev.tokenkeeper.postgres.schedule.PostgresRefreshSchedule;
import java.util.Map;
import java.util.Objects;

/**
 * The PostgreSQL {@link LibraryStorage}: connections encrypted at rest, leases fenced on the connection row and woken
 * by LISTEN/NOTIFY, and the durable refresh schedule, over the database {@link TokenkeeperStorage} opens (embedded
 * under a data directory, or external). Any number of processes, libraries and services alike, may share one
 * database: single flight holds across all of them.
 */
public final class PostgresLibraryStorage implements LibraryStorage {
    private final TokenkeeperStorage storage;
    private final PostgresConnectionStore connections;
    private final PostgresRefreshLease leases;
    private final PostgresRefreshSchedule schedule;
    private final PostgresProviderDirectory providers;

    private PostgresLibraryStorage(TokenkeeperStorage storage) {
        this.storage = storage;
        this.connections = new PostgresConnectionStore(storage.database(), storage.cipher());
        this.schedule = new PostgresRefreshSchedule(storage.database());
        this.providers = new PostgresProviderDirectory(storage.database(), storage.cipher());
        this.leases = new PostgresRefreshLease(storage.database());
    }

    /**
     * Opens the storage as the service does (see {@link StorageSettings}: an external database needs the keyset every
     * process sharing it uses; without one, an embedded PostgreSQL runs under the data directory).
     */
    public static PostgresLibraryStorage open(StorageSettings settings) {
        TokenkeeperStorage storage = TokenkeeperStorage.open(Objects.requireNonNull(settings, "settings"));
        try {
            return new PostgresLibraryStorage(storage);
        } catch (RuntimeException | Error e) {
            storage.close();
            throw e;
        }
    }

    /** {@link #open(StorageSettings)} with the settings read from these environment variables. */
    public static PostgresLibraryStorage open(Map<String, String> environment) {
        return open(StorageSettings.fromEnvironment(environment));
    }

    @Override
    public PostgresConnectionStore connections() {
        return connections;
    }

    @Override
    public PostgresRefreshLease leases() {
        return leases;
    }

    @Override
    public PostgresRefreshSchedule schedule() {
        return schedule;
    }

    /** The providers stored in this database (those the service's {@code PUT /v1/providers/{key}} saved). */
    public PostgresProviderDirectory providers() {
        return providers;
    }

    /** Where the data lives, without credentials. */
    public String description() {
        return storage.description();
    }

    /** Stops listening for lease notices, then closes the database (and stops the embedded server). */
    @Override
    public void close() {
        try {
            leases.close();
        } finally {
            storage.close();
        }
    }
}
