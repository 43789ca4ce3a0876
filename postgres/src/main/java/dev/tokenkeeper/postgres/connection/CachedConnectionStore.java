package dev.tokenkeeper.postgres.connection;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ServingCopy;
import dev.tokenkeeper.core.connection.Transition;
import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.core.port.ForwardingConnectionStore;
import dev.tokenkeeper.core.port.Lease;
import dev.tokenkeeper.postgres.DatabaseLocation;
import dev.tokenkeeper.postgres.connection.ConnectionCacheStats.EvictionCause;
import dev.tokenkeeper.postgres.work.ChannelListener;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.postgresql.PGNotification;

/**
 * A bounded cache of decrypted connections in front of the PostgreSQL store's reads for the token path
 * ({@link #findToServe}): a connection whose token is still usable is answered without JDBC, decryption or JSON.
 *
 * <p>Every committed change of a connection in any instance is announced by the database (V19's trigger notifies
 * {@value #CHANNEL} with {@code <generation>:<id>}); this instance's listener drops that id, and a write through this
 * store drops it at once. While the LISTEN connection is not up the cache is empty and bypassed, and it is emptied
 * again whenever the LISTEN is (re)established, so a notice missed meanwhile cannot leave a stale entry. A read that
 * raced a notice is not kept: each id's stripe carries a stamp that every notice moves, and a read is stored only if
 * its stamp (and the cache's epoch) did not move while it ran. Entries also expire after a short time, and one whose
 * token stopped being usable ({@code servable}) is dropped when asked for.
 */
public final class CachedConnectionStore extends ForwardingConnectionStore implements AutoCloseable {
    /** The channel V19's trigger notifies. */
    public static final String CHANNEL = "tokenkeeper_connection_changed";
    private static final int STRIPES = 1024;

    /** A held copy and the epoch millisecond its time limit ends. */
    private record Entry(ServingCopy copy, long expiresAtMillis) {}

    private final ConnectionStore delegate;
    private final ConnectionCacheSettings settings;
    private final Predicate<ServingCopy> servable;
    private final InstantSource clock;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLongArray stamps = new AtomicLongArray(STRIPES);
    private final AtomicLong epoch = new AtomicLong();
    private final ConnectionCacheStats stats = new ConnectionCacheStats();
    private final ScheduledExecutorService sweeper;
    private volatile boolean listening;
    private volatile ChannelListener listener;

    private CachedConnectionStore(ConnectionStore delegate, ConnectionCacheSettings settings,
            Predicate<ServingCopy> servable, InstantSource clock) {
        super(delegate);
        this.delegate = delegate;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.servable = Objects.requireNonNull(servable, "servable");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("tokenkeeper-connection-cache-sweep").factory());
    }

    /**
     * Starts the cache in front of {@code delegate} (the PostgreSQL store), listening on the database at
     * {@code location}; it serves nothing until the LISTEN is in place.
     *
     * @param servable whether an entry may still answer: its token usable now (the engine's rule, on the copy's longs)
     */
    public static CachedConnectionStore start(ConnectionStore delegate, DatabaseLocation location,
            ConnectionCacheSettings settings, Predicate<ServingCopy> servable, InstantSource clock) {
        if (!settings.enabled()) {
            throw new IllegalArgumentException("the connection cache is off (size 0): use the store itself");
        }
        CachedConnectionStore cache = new CachedConnectionStore(delegate, settings, servable, clock);
        long sweepMillis = Math.max(100, settings.ttl().toMillis() / 2);
        cache.sweeper.scheduleWithFixedDelay(cache::sweep, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
        cache.listener = ChannelListener.listen(location, CHANNEL, cache::onNotices, cache::onListening,
                cache::onLost);
        return cache;
    }

    /** The cache's counters. */
    public ConnectionCacheStats stats() {
        return stats;
    }

    /** How many connections are held now. */
    public int size() {
        return entries.size();
    }

    /** Whether the LISTEN connection is up, so the cache serves. */
    public boolean listening() {
        return listening;
    }

    @Override
    public Optional<ServingCopy> findToServe(String connectionId) {
        if (!listening) {
            stats.bypass();
            return delegate.find(connectionId).map(ServingCopy::of);
        }
        long now = clock.millis();
        Entry entry = entries.get(connectionId);
        if (entry != null) {
            boolean live = now < entry.expiresAtMillis();
            if (live && servable.test(entry.copy())) {
                stats.hit();
                return Optional.of(entry.copy());
            }
            if (entries.remove(connectionId, entry)) {
                stats.evicted(live ? EvictionCause.UNUSABLE : EvictionCause.EXPIRED, 1);
            }
        }
        stats.miss();
        int stripe = stripe(connectionId);
        long epochBefore = epoch.get();
        long stampBefore = stamps.get(stripe);
        Optional<ServingCopy> read = delegate.find(connectionId).map(ServingCopy::of);
        if (read.isPresent() && servable.test(read.get())) {
            keep(connectionId, new Entry(read.get(), now + settings.ttl().toMillis()), stripe, epochBefore,
                    stampBefore);
        }
        return read;
    }

    /** Stores a read unless a notice, a write or a reset touched its id since the read began (checked atomically). */
    private void keep(String connectionId, Entry fresh, int stripe, long epochBefore, long stampBefore) {
        makeRoomFor(connectionId);
        entries.compute(connectionId, (id, old) -> listening && epoch.get() == epochBefore
                && stamps.get(stripe) == stampBefore ? fresh : old);
    }

    private void makeRoomFor(String connectionId) {
        Iterator<String> ids = entries.keySet().iterator();
        while (entries.size() >= settings.size() && ids.hasNext()) {
            String victim = ids.next();
            if (!victim.equals(connectionId) && entries.remove(victim) != null) {
                stats.evicted(EvictionCause.SIZE, 1);
            }
        }
    }

    @Override
    public boolean create(Transition creation) {
        try {
            return super.create(creation);
        } finally {
            evict(creation.after().id(), EvictionCause.WRITE);
        }
    }

    @Override
    public boolean commit(Transition transition, long expectedGeneration, Lease lease) {
        try {
            return super.commit(transition, expectedGeneration, lease);
        } finally {
            evict(transition.after().id(), EvictionCause.WRITE);
        }
    }

    @Override
    public Optional<Connection> changeMetadata(String connectionId, UnaryOperator<Map<String, String>> change,
            Instant updatedAt) {
        try {
            return super.changeMetadata(connectionId, change, updatedAt);
        } finally {
            evict(connectionId, EvictionCause.WRITE);
        }
    }

    @Override
    public Optional<Connection> delete(String connectionId) {
        try {
            return super.delete(connectionId);
        } finally {
            evict(connectionId, EvictionCause.WRITE);
        }
    }

    /** Moves the id's stamp first (a read in flight is then not kept), then drops the entry. */
    private void evict(String connectionId, EvictionCause cause) {
        stamps.incrementAndGet(stripe(connectionId));
        if (entries.remove(connectionId) != null) {
            stats.evicted(cause, 1);
        }
    }

    /**
     * Drops each noticed id, unless the held copy is of a later generation than the notice's (read after that
     * commit); the same generation is dropped, as a metadata change keeps the generation.
     */
    private void onNotices(PGNotification[] notices) {
        for (PGNotification notice : notices) {
            String payload = notice.getParameter();
            int colon = payload.indexOf(':');
            if (colon < 0) {
                reset();
                continue;
            }
            long generation = generation(payload.substring(0, colon));
            String connectionId = payload.substring(colon + 1);
            stamps.incrementAndGet(stripe(connectionId));
            boolean[] dropped = {false};
            entries.computeIfPresent(connectionId, (id, held) -> {
                if (held.copy().connection().generation() > generation) {
                    return held;
                }
                dropped[0] = true;
                return null;
            });
            if (dropped[0]) {
                stats.evicted(EvictionCause.NOTICE, 1);
            }
        }
    }

    private static long generation(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private void onListening() {
        reset();
        listening = true;
    }

    private void onLost() {
        listening = false;
        reset();
    }

    /** Empties the cache; reads in flight are not kept (the epoch moved). */
    private void reset() {
        epoch.incrementAndGet();
        int held = entries.size();
        entries.clear();
        stats.evicted(EvictionCause.RESET, held);
    }

    private void sweep() {
        long now = clock.millis();
        entries.forEach((id, entry) -> {
            if (now >= entry.expiresAtMillis() && entries.remove(id, entry)) {
                stats.evicted(EvictionCause.EXPIRED, 1);
            }
        });
    }

    private static int stripe(String connectionId) {
        int hash = connectionId.hashCode();
        return (hash ^ (hash >>> 16)) & (STRIPES - 1);
    }

    /** Stops listening and sweeping, and drops every decrypted connection held. */
    @Override
    public void close() {
        ChannelListener current = listener;
        if (current != null) {
            current.close();
        }
        sweeper.shutdownNow();
        onLost();
    }
}
