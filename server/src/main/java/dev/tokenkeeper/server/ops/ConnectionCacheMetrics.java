package dev.tokenkeeper.server.ops;

import dev.tokenkeeper.postgres.connection.CachedConnectionStore;
import dev.tokenkeeper.postgres.connection.ConnectionCacheStats;
import dev.tokenkeeper.postgres.connection.ConnectionCacheStats.EvictionCause;

/** The connection cache's metrics: {@code tokenkeeper_connection_cache_*} hits, misses, bypasses, evictions, size. */
public final class ConnectionCacheMetrics {
    private final CachedConnectionStore cache;

    public ConnectionCacheMetrics(CachedConnectionStore cache) {
        this.cache = cache;
    }

    /** Registers the counters and the size gauge. */
    public void register(ServiceMetrics metrics) {
        ConnectionCacheStats stats = cache.stats();
        metrics.counter("tokenkeeper.connection.cache.hits", "Token requests answered from this instance's cache"
                + " of decrypted connections", null, stats, ConnectionCacheStats::hits);
        metrics.counter("tokenkeeper.connection.cache.misses", "Token requests that read the connection from the"
                + " database while the cache was on", null, stats, ConnectionCacheStats::misses);
        metrics.counter("tokenkeeper.connection.cache.bypasses", "Token requests that read the database because the"
                + " cache's LISTEN connection was not up (the cache is empty meanwhile)", null, stats, ConnectionCacheStats::bypasses);
        for (EvictionCause cause : EvictionCause.values()) {
            metrics.counter("tokenkeeper.connection.cache.evictions", "Entries dropped from the connection cache, by"
                    + " cause (notice, write, expired, unusable, size, reset)", new String[] {"cause", cause.label()},
                    stats, counted -> counted.evictions(cause));
        }
        metrics.gauge("tokenkeeper.connection.cache.entries", "Decrypted connections held in this instance's cache",
                null, cache::size);
    }
}
