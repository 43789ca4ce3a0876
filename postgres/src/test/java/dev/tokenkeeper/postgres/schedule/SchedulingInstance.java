package dev.tokenkeeper.postgres.schedule;

import dev.tokenkeeper.core.port.TokenCipher;
import dev.tokenkeeper.core.port.ProviderDirectory;
import dev.tokenkeeper.core.refresh.JdkHttpTokenEndpoint;
import dev.tokenkeeper.core.refresh.RefreshEngine;
import dev.tokenkeeper.core.refresh.RefreshScheduler;
import dev.tokenkeeper.core.refresh.RefreshSettings;
import dev.tokenkeeper.core.refresh.SchedulerSettings;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.connection.PostgresConnectionStore;
import dev.tokenkeeper.postgres.lease.PostgresRefreshLease;
import java.time.InstantSource;
import java.util.Random;

/**
 * One Tokenkeeper instance as the service wires it, for tests in one JVM and for instance processes alike: its own
 * pool, lease listener, HTTP client, engine and (not yet started) scheduler.
 */
public final class SchedulingInstance implements AutoCloseable {
    public final PostgresDatabase database;
    public final PostgresConnectionStore store;
    public final RefreshEngine engine;
    public final RefreshScheduler scheduler;
    private final PostgresRefreshLease leases;
    private final JdkHttpTokenEndpoint endpoint;

    SchedulingInstance(String jdbcUrl, TokenCipher cipher, ProviderDirectory providers, RefreshSettings refresh,
            SchedulerSettings scheduling) {
        this(PostgresDatabase.open(jdbcUrl, 16), cipher, providers, refresh, scheduling);
    }

    /** An instance on {@code database}, which it closes when it is closed. */
    public SchedulingInstance(PostgresDatabase database, TokenCipher cipher, ProviderDirectory providers,
            RefreshSettings refresh, SchedulerSettings scheduling) {
        this.database = database;
        this.store = new PostgresConnectionStore(database, cipher);
        this.leases = new PostgresRefreshLease(database);
        this.endpoint = new JdkHttpTokenEndpoint(InstantSource.system());
        this.engine = new RefreshEngine(store, leases, providers, endpoint, InstantSource.system(), refresh,
                new Random());
        this.scheduler = new RefreshScheduler(engine, new PostgresRefreshSchedule(database), scheduling);
    }

    SchedulingInstance started() {
        scheduler.start();
        return this;
    }

    @Override
    public void close() {
        scheduler.close();
        endpoint.close();
        leases.close();
        database.close();
    }
}
