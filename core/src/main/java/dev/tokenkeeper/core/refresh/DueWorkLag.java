package dev.tokenkeeper.core.refresh;

import dev.tokenkeeper.core.token.ExpiryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The due-work lag one process observed: how late its scheduler claimed due refreshes (claim time minus
 * {@code next_refresh_at}, on the database's clock), kept as a maximum that halves every {@link #HALF_LIFE}, so a
 * burst of lateness is remembered for minutes and then forgotten. The proactive margin of every refresh this process
 * schedules covers it ({@link ExpiryPolicy}).
 *
 * <p>It says so in the log, never per claim: one warning when the lag rises past each of {@link #THRESHOLDS}, and one
 * line when it has fallen back below half the lowest threshold; a new rise after that is a new episode.
 */
final class DueWorkLag {
    static final Duration HALF_LIFE = Duration.ofMinutes(2);
    static final List<Duration> THRESHOLDS = List.of(Duration.ofSeconds(5), Duration.ofSeconds(30),
            Duration.ofMinutes(2));
    private static final Logger LOG = LoggerFactory.getLogger(RefreshScheduler.class);
    private static final double NANOS_PER_SECOND = 1e9;

    private final InstantSource clock;
    private final Consumer<String> log;
    private final ReentrantLock lock = new ReentrantLock();
    private double peakSeconds;
    private Instant peakAt = Instant.MIN;
    private int warnedLevel;

    DueWorkLag(InstantSource clock) {
        this(clock, LOG::warn);
    }

    /** @param log where the rise and recovery lines go (the scheduler's log, or a test's list) */
    DueWorkLag(InstantSource clock, Consumer<String> log) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** Notes that a due refresh was claimed {@code lateBy} after it was due (negative or zero: on time). */
    void record(Duration lateBy) {
        Instant now = clock.instant();
        double seconds = lateBy.getSeconds() + lateBy.getNano() / NANOS_PER_SECOND;
        String line;
        lock.lock();
        try {
            if (seconds > decayed(now)) {
                peakSeconds = seconds;
                peakAt = now;
            }
            line = levelChange(now);
        } finally {
            lock.unlock();
        }
        if (line != null) {
            log.accept(line);
        }
    }

    /** The lag observed lately: the largest lateness recorded, halved for every {@link #HALF_LIFE} since. */
    Duration observed() {
        Instant now = clock.instant();
        double seconds;
        String line;
        lock.lock();
        try {
            seconds = decayed(now);
            line = levelChange(now);
        } finally {
            lock.unlock();
        }
        if (line != null) {
            log.accept(line);
        }
        return Duration.ofNanos((long) (seconds * NANOS_PER_SECOND));
    }

    private double decayed(Instant now) {
        if (peakSeconds <= 0 || !now.isAfter(peakAt)) {
            return Math.max(0, peakSeconds);
        }
        double halfLives = Duration.between(peakAt, now).toNanos() / (double) HALF_LIFE.toNanos();
        return peakSeconds * Math.pow(0.5, halfLives);
    }

    /** The line to log when the lag rose past a threshold not yet warned of, or recovered; null otherwise. */
    private String levelChange(Instant now) {
        double seconds = decayed(now);
        int level = 0;
        while (level < THRESHOLDS.size() && seconds >= THRESHOLDS.get(level).toNanos() / NANOS_PER_SECOND) {
            level++;
        }
        if (level > warnedLevel) {
            warnedLevel = level;
            return String.format(Locale.ROOT, "refresh_scheduler_lag lag=%.1fs above=%ds: due refreshes are claimed"
                    + " late (CPU starved, too few instances or a slow database); proactive refreshes now start at"
                    + " least %.1fs before expiry where the token's lifetime allows", seconds,
                    THRESHOLDS.get(level - 1).toSeconds(), seconds * ExpiryPolicy.LAG_SAFETY_FACTOR);
        }
        double recovered = THRESHOLDS.getFirst().toNanos() / NANOS_PER_SECOND / 2;
        if (warnedLevel > 0 && seconds < recovered) {
            warnedLevel = 0;
            return String.format(Locale.ROOT, "refresh_scheduler_lag_recovered lag=%.1fs: due refreshes are claimed"
                    + " on time again", seconds);
        }
        return null;
    }
}
