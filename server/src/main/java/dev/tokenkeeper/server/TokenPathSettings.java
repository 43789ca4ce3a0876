package dev.tokenkeeper.server;

import dev.tokenkeeper.core.refresh.RefreshSettings;
import dev.tokenkeeper.core.refresh.SchedulerSettings;
import dev.tokenkeeper.postgres.connection.ConnectionCacheSettings;
import dev.tokenkeeper.postgres.setup.InvalidSettingException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The token path's tuning: each instance's cache of decrypted connections, its refreshes ahead at once, and its
 * proactive refreshes at once.
 *
 * @param cache              {@code TOKENKEEPER_CONNECTION_CACHE_SIZE} (default 10,000; 0 turns the cache off) and
 *                           {@code TOKENKEEPER_CONNECTION_CACHE_TTL} (default 30 s, from 1 s to 1 h): the most
 *                           entries, and how long an entry is kept at most whatever the database's notices say
 * @param refreshesAhead     {@code TOKENKEEPER_REFRESH_AHEAD} (default 16, from 1 to 1,024): the most background
 *                           refreshes of usable tokens due for one that run at once in the instance
 * @param refreshConcurrency {@code TOKENKEEPER_REFRESH_CONCURRENCY} (default 64, from 1 to 1,024): the most proactive
 *                           refreshes the instance's scheduler runs at once (at most 8 of one provider)
 */
public record TokenPathSettings(ConnectionCacheSettings cache, int refreshesAhead, int refreshConcurrency) {
    public static final String CACHE_SIZE = ConnectionCacheSettings.SIZE;
    public static final String CACHE_TTL = "TOKENKEEPER_CONNECTION_CACHE_TTL";
    public static final String REFRESH_AHEAD = "TOKENKEEPER_REFRESH_AHEAD";
    public static final String REFRESH_CONCURRENCY = "TOKENKEEPER_REFRESH_CONCURRENCY";
    public static final int MAX_REFRESH_CONCURRENCY = 1024;
    public static final Duration MIN_CACHE_TTL = Duration.ofSeconds(1);
    public static final Duration MAX_CACHE_TTL = Duration.ofHours(1);
    public static final TokenPathSettings DEFAULT = new TokenPathSettings(ConnectionCacheSettings.DEFAULT,
            RefreshSettings.DEFAULT_REFRESHES_AHEAD);

    public TokenPathSettings {
        Objects.requireNonNull(cache, "cache");
        if (refreshesAhead < 1 || refreshesAhead > RefreshSettings.MAX_REFRESHES_AHEAD) {
            throw new InvalidSettingException(REFRESH_AHEAD, "must be from 1 to "
                    + RefreshSettings.MAX_REFRESHES_AHEAD + ", not " + refreshesAhead);
        }
        if (refreshConcurrency < 1 || refreshConcurrency > MAX_REFRESH_CONCURRENCY) {
            throw new InvalidSettingException(REFRESH_CONCURRENCY, "must be from 1 to " + MAX_REFRESH_CONCURRENCY
                    + ", not " + refreshConcurrency);
        }
    }

    /** Settings with the scheduler's default concurrency. */
    public TokenPathSettings(ConnectionCacheSettings cache, int refreshesAhead) {
        this(cache, refreshesAhead, SchedulerSettings.DEFAULT.maxConcurrent());
    }

    /** The scheduler's settings: the defaults at this concurrency, with the per-provider bound at most as large. */
    public SchedulerSettings scheduler() {
        SchedulerSettings defaults = SchedulerSettings.DEFAULT;
        return new SchedulerSettings(refreshConcurrency, Math.min(defaults.perProvider(), refreshConcurrency),
                defaults.pollInterval(), defaults.idleAfterMiss(), defaults.batchWait());
    }

    /**
     * Reads the four variables (a blank value counts as unset); a bad value is an {@link InvalidSettingException}
     * naming its variable.
     */
    public static TokenPathSettings fromEnvironment(Map<String, String> environment) {
        ConnectionCacheSettings cache = ConnectionCacheSettings.fromEnvironment(environment);
        Duration ttl = SettingDuration.parseWithin(CACHE_TTL, SettingValues.value(environment, CACHE_TTL, null),
                ConnectionCacheSettings.DEFAULT_TTL, MIN_CACHE_TTL, MAX_CACHE_TTL, "1s to 1h");
        return new TokenPathSettings(cache.withTtl(ttl), SettingValues.wholeNumber(REFRESH_AHEAD,
                SettingValues.value(environment, REFRESH_AHEAD, null), RefreshSettings.DEFAULT_REFRESHES_AHEAD, 1,
                RefreshSettings.MAX_REFRESHES_AHEAD), SettingValues.wholeNumber(REFRESH_CONCURRENCY,
                SettingValues.value(environment, REFRESH_CONCURRENCY, null), SchedulerSettings.DEFAULT.maxConcurrent(),
                1, MAX_REFRESH_CONCURRENCY));
    }
}
