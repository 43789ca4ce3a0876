package dev.tokenkeeper.core.library;

import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.core.port.RefreshLease;
import dev.tokenkeeper.core.port.RefreshSchedule;

/**
 * Where an embedded Tokenkeeper keeps its connections: the three adapters the engine needs, made to work together
 * (the schedule claims through the same leases the store's commits are fenced by). {@code InMemoryStorage} and
 * {@code PostgresLibraryStorage} implement it; {@link #close()} releases what the storage opened.
 */
public interface LibraryStorage extends AutoCloseable {

    ConnectionStore connections();

    RefreshLease leases();

    RefreshSchedule schedule();

    /** Releases what the storage holds (database connections, a listener); nothing by default. */
    @Override
    default void close() {
    }
}
