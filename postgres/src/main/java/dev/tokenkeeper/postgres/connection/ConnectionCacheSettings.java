package dev.tokenkeeper.postgres.connection;

import dev.tokenkeeper.postgres.setup.InvalidSettingException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How many decrypted connections each instance keeps for the token path, and for how long at most.
 *
 * @param size {@code TOKENKEEPER_CONNECTION_CACHE_SIZE}: the most entries (default 10,000); 0 turns the cache off
 * @param ttl  how long an entry is kept at most, whatever the notices say (a backstop; default 30 s; the service reads
 *             it from {@code TOKENKEEPER_CONNECTION_CACHE_TTL})
 */
public record ConnectionCacheSettings(int size, Duration ttl) {
    public static final String SIZE = "TOKENKEEPER_CONNECTION_CACHE_SIZE";
    public static final int DEFAULT_SIZE = 10_000;
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);
    public static final ConnectionCacheSettings DEFAULT = new ConnectionCacheSettings(DEFAULT_SIZE, DEFAULT_TTL);
    private static final int MAX_SIZE = 10_000_000;

    public ConnectionCacheSettings {
        if (size < 0 || size > MAX_SIZE) {
            throw new InvalidSettingException(SIZE, "must be from 0 (off) to " + MAX_SIZE + ", not " + size);
        }
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive: " + ttl);
        }
    }

    /** Reads {@link #SIZE} from the environment (blank counts as unset). */
    public static ConnectionCacheSettings fromEnvironment(Map<String, String> environment) {
        String value = environment.get(SIZE);
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        try {
            return new ConnectionCacheSettings(Integer.parseInt(value.strip()), DEFAULT_TTL);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(SIZE, "must be a whole number of connections, such as 10000");
        }
    }

    /** The same size with another entry lifetime. */
    public ConnectionCacheSettings withTtl(Duration newTtl) {
        return new ConnectionCacheSettings(size, newTtl);
    }

    /** Whether the cache is on. */
    public boolean enabled() {
        return size > 0;
    }
}
