package dev.tokenkeeper.memory;

import dev.tokenkeeper.core.library.LibraryStorage;
import java.time.InstantSource;
import java.util.Objects;

/**
 * The in-memory {@link LibraryStorage}: connections, leases and the refresh schedule of one process, gone when it
 * ends. For an application that holds its grants elsewhere, tests and demos; single flight holds within the process.
 */
public final class InMemoryStorage implements LibraryStorage {
    private final InMemoryRefreshLease leases;
    private final InMemoryConnectionStore connections;
    private final InMemoryRefreshSchedule schedule;

    private InMemoryStorage(InstantSource clock) {
        this.leases = new InMemoryRefreshLease(clock);
        this.connections = new InMemoryConnectionStore(leases);
        this.schedule = new InMemoryRefreshSchedule(connections, leases, clock);
    }

    /** A storage on the system clock. */
    public static InMemoryStorage create() {
        return create(InstantSource.system());
    }

    /** A storage whose leases and schedule read {@code clock}: give it the library's clock. */
    public static InMemoryStorage create(InstantSource clock) {
        return new InMemoryStorage(Objects.requireNonNull(clock, "clock"));
    }

    @Override
    public InMemoryConnectionStore connections() {
        return connections;
    }

    @Override
    public InMemoryRefreshLease leases() {
        return leases;
    }

    @Override
    public InMemoryRefreshSchedule schedule() {
        return schedule;
    }
}
