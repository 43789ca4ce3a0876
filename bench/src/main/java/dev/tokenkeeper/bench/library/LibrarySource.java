package dev.tokenkeeper.bench.library;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.connection.Transition;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.refresh.JdkHttpTokenEndpoint;
import dev.tokenkeeper.core.refresh.RefreshEngine;
import dev.tokenkeeper.core.refresh.RefreshSettings;
import dev.tokenkeeper.core.refresh.TokenAnswer;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.memory.InMemoryConnectionStore;
import dev.tokenkeeper.memory.InMemoryProviderDirectory;
import dev.tokenkeeper.memory.InMemoryRefreshLease;
import java.time.InstantSource;
import java.util.Map;
import java.util.Random;

/**
 * The library as a user embeds it: a {@link RefreshEngine} with its default settings over the in-memory connection
 * store, refresh lease and provider directory, calling the provider through the real {@link JdkHttpTokenEndpoint};
 * its clock is the load's {@link Timebase} (monotonic), so that a commit's time compares with when a get began.
 */
final class LibrarySource implements TokenSource, AutoCloseable {
    private final InstantSource clock;
    private final InMemoryConnectionStore store;
    private final JdkHttpTokenEndpoint endpoint;
    private final RefreshEngine engine;
    private final String providerKey;

    LibrarySource(ProviderConfig provider, InstantSource clock) {
        this.clock = clock;
        this.endpoint = new JdkHttpTokenEndpoint(clock);
        InMemoryRefreshLease leases = new InMemoryRefreshLease(clock);
        this.store = new InMemoryConnectionStore(leases);
        this.providerKey = provider.key();
        this.engine = new RefreshEngine(store, leases, new InMemoryProviderDirectory().put(provider), endpoint, clock,
                RefreshSettings.defaults("bench"), new Random(42));
    }

    /** The engine's clock. */
    InstantSource clock() {
        return clock;
    }

    /** Imports tokens as an active connection with no proactive refresh scheduled (nothing runs the schedule). */
    void importTokens(String connectionId, TokenSet tokens) {
        Transition creation = ConnectionLifecycle.created(connectionId, providerKey, tokens, Map.of(),
                clock.instant(), null);
        if (!store.create(creation)) {
            throw new IllegalStateException("connection exists: " + connectionId);
        }
    }

    @Override
    public long get(String connectionId) {
        if (engine.freshToken(connectionId) instanceof TokenAnswer.Fresh fresh) {
            // The commit's time: lastRefreshedAt is when the request was sent, before a joining caller began.
            Connection connection = fresh.connection();
            return connection.refreshCount() == 0 ? NEVER_REFRESHED : Timebase.epochNanos(connection.updatedAt());
        }
        return FAILED;
    }

    @Override
    public String name() {
        return "library (`RefreshEngine`, in-memory stores)";
    }

    @Override
    public void close() {
        endpoint.close();
    }
}
