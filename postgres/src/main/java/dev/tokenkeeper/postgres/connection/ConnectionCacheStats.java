package dev.tokenkeeper.postgres.connection;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters of a {@link CachedConnectionStore}: hits, misses, reads past it while it is off, evictions by cause. */
public final class ConnectionCacheStats {
    /** Why an entry left the cache. */
    public enum EvictionCause {
        /** A commit's notice named it (from any instance). */
        NOTICE,
        /** A write through this instance's store. */
        WRITE,
        /** It outlived the entry time limit. */
        EXPIRED,
        /** Its token was no longer usable when asked for. */
        UNUSABLE,
        /** It made room for another (the size limit). */
        SIZE,
        /** The whole cache was emptied: the LISTEN connection came up, broke, or the store closed. */
        RESET;

        /** The metric label. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder bypasses = new LongAdder();
    private final Map<EvictionCause, LongAdder> evictions = new EnumMap<>(EvictionCause.class);

    ConnectionCacheStats() {
        for (EvictionCause cause : EvictionCause.values()) {
            evictions.put(cause, new LongAdder());
        }
    }

    void hit() {
        hits.increment();
    }

    void miss() {
        misses.increment();
    }

    void bypass() {
        bypasses.increment();
    }

    void evicted(EvictionCause cause, long count) {
        evictions.get(cause).add(count);
    }

    /** Token-path reads answered from the cache. */
    public long hits() {
        return hits.sum();
    }

    /** Token-path reads that went to the database while the cache was on. */
    public long misses() {
        return misses.sum();
    }

    /** Token-path reads that went to the database because the LISTEN connection was not up. */
    public long bypasses() {
        return bypasses.sum();
    }

    /** Entries that left the cache for {@code cause}. */
    public long evictions(EvictionCause cause) {
        return evictions.get(cause).sum();
    }
}
