package dev.tokenkeeper.server.connection;

import dev.tokenkeeper.postgres.connection.PostgresAttemptRetention;
import dev.tokenkeeper.server.work.DueWorkLoop;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the timeline's refresh attempts for {@code retention}, on one virtual thread: deletes older ones a batch at a
 * time, a short pause between batches while a backlog drains (so a first run on a large table does not monopolise
 * PostgreSQL), and looks again every {@link #IDLE} once caught up. Every instance runs one; they skip each other's
 * rows. Logs how many were deleted when any were.
 */
public final class AttemptRetentionWorker implements AutoCloseable {
    /** How long refresh attempts are kept by default. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(3);
    /** How often a caught-up worker looks again. */
    static final Duration IDLE = Duration.ofMinutes(5);
    /** The pause between two full batches while a backlog drains. */
    static final Duration BETWEEN_BATCHES = Duration.ofMillis(200);
    static final int BATCH = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(AttemptRetentionWorker.class);

    private final PostgresAttemptRetention attempts;
    private final Duration retention;
    private final InstantSource clock;
    private final DueWorkLoop loop;
    private final AtomicLong deleted = new AtomicLong();
    private volatile boolean backlog;

    public AttemptRetentionWorker(PostgresAttemptRetention attempts, Duration retention, InstantSource clock) {
        this.attempts = Objects.requireNonNull(attempts, "attempts");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive: " + retention);
        }
        this.loop = new DueWorkLoop("attempt-retention", this::runOnce,
                () -> backlog ? Optional.of(BETWEEN_BATCHES) : Optional.empty(),
                new DueWorkLoop.Idle(BETWEEN_BATCHES, IDLE, IDLE));
    }

    /** Starts the worker's thread. */
    public void start() {
        loop.start();
    }

    /**
     * Deletes one batch of attempts older than the retention; answers 0 either way, so that the loop pauses before
     * the next batch (briefly while a full batch says more are waiting, else for {@link #IDLE}).
     */
    int runOnce() {
        int trimmed = trim();
        backlog = trimmed == BATCH;
        return 0;
    }

    /** Deletes one batch now; answers how many attempts went. */
    int trim() {
        int trimmed = attempts.trim(clock.instant().minus(retention), BATCH);
        if (trimmed > 0) {
            deleted.addAndGet(trimmed);
            LOG.info("event=refresh_attempts_trimmed count={} older_than={}", trimmed, retention);
        }
        return trimmed;
    }

    /** How many attempts this worker deleted since it started. */
    public long deleted() {
        return deleted.get();
    }

    @Override
    public void close() {
        loop.close();
    }
}
