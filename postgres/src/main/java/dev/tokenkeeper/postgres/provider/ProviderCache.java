package dev.tokenkeeper.postgres.provider;

import dev.tokenkeeper.core.provider.ProviderConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Provider configs found recently, each kept for a time to live; a change made through this instance drops them all.
 *
 * <p>Every entry carries the epoch it was read in, and a change bumps the epoch after it is committed, so a read that
 * raced the change (and may have seen the old row) is never served afterwards. Only configs found are kept: an absent
 * key is read again each time, so lookups of made-up keys cannot grow the cache.
 */
final class ProviderCache {
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong epoch = new AtomicLong();
    private final Duration ttl;
    private final InstantSource clock;

    ProviderCache(Duration ttl, InstantSource clock) {
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("the cache's time to live must not be negative");
        }
    }

    Optional<ProviderConfig> get(String key, Function<String, Optional<ProviderConfig>> load) {
        long readEpoch = epoch.get();
        Entry entry = entries.get(key);
        if (entry != null && entry.epoch() == readEpoch && clock.instant().isBefore(entry.expiresAt())) {
            return Optional.of(entry.config());
        }
        Optional<ProviderConfig> loaded = load.apply(key);
        if (loaded.isPresent() && ttl.isPositive()) {
            entries.put(key, new Entry(loaded.get(), clock.instant().plus(ttl), readEpoch));
        } else {
            entries.remove(key);
        }
        return loaded;
    }

    /** Called after a change is committed. */
    void invalidate() {
        epoch.incrementAndGet();
        entries.clear();
    }

    private record Entry(ProviderConfig config, Instant expiresAt, long epoch) {}
}
