package dev.tokenkeeper.postgres.instances;

import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.lease.PostgresRefreshLease;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures, from outside the instances, the due-work lag the deployment actually has: every {@link #EVERY} it reads
 * the two oldest connections that are due, claimable and under no live lease, and how long each has been waiting to
 * be claimed. Two, so that a connection's own wait never counts as the lag that excuses it.
 */
public final class BacklogWatch {
    static final Duration EVERY = Duration.ofMillis(100);
    private static final String OLDEST_WAITING = "select id, extract(epoch from (clock_timestamp() - next_refresh_at))"
            + " from connections where " + PostgresRefreshLease.CONNECTIONS.claimableIf()
            // due by the statement's start: clock_timestamp() is volatile and could not bound the due index, so a
            // caught-up sample would walk every scheduled row (seconds at a million connections)
            + " and next_refresh_at <= statement_timestamp()"
            + " and (lease_expires_at is null or lease_expires_at <= clock_timestamp())"
            + " order by next_refresh_at limit 2";

    private final List<BacklogSample> samples = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong unreadable = new AtomicLong();
    private Thread thread;

    /**
     * What was waiting at one moment: the oldest due connection and the next oldest, with their waits (null ids and
     * zero waits when fewer were waiting).
     */
    public record BacklogSample(Instant at, String oldestId, Duration oldestWait, String nextId, Duration nextWait) {
        /** The longest wait at this moment of a connection other than {@code id}. */
        Duration waitExcluding(String id) {
            return id.equals(oldestId) ? nextWait : oldestWait;
        }
    }

    public static BacklogWatch start(PostgresDatabase database) {
        BacklogWatch watch = new BacklogWatch();
        watch.thread = Thread.ofVirtual().name("backlog-watch").start(() -> {
            while (watch.running.get()) {
                try {
                    watch.samples.add(sample(database));
                } catch (RuntimeException e) {
                    watch.unreadable.incrementAndGet(); // the database restarting: no sample this time
                }
                LockSupport.parkNanos(EVERY.toNanos());
            }
        });
        return watch;
    }

    private static BacklogSample sample(PostgresDatabase database) {
        return database.withConnection(db -> {
            List<String> ids = new ArrayList<>();
            List<Duration> waits = new ArrayList<>();
            try (PreparedStatement select = db.prepareStatement(OLDEST_WAITING);
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                    waits.add(Duration.ofMillis((long) (rows.getDouble(2) * 1000)));
                }
            }
            Instant now = Instant.now();
            return new BacklogSample(now, ids.isEmpty() ? null : ids.get(0),
                    waits.isEmpty() ? Duration.ZERO : waits.get(0), ids.size() < 2 ? null : ids.get(1),
                    waits.size() < 2 ? Duration.ZERO : waits.get(1));
        });
    }

    public List<BacklogSample> samples() {
        return List.copyOf(samples);
    }

    /** How many samples could not be taken because the database could not be read. */
    public long unreadableSamples() {
        return unreadable.get();
    }

    /** The 99th percentile of the oldest waits sampled. */
    public Duration lagPercentile99() {
        List<Duration> waits = samples.stream().map(BacklogSample::oldestWait).sorted().toList();
        return waits.isEmpty() ? Duration.ZERO : waits.get((int) Math.ceil(waits.size() * 0.99) - 1);
    }

    /** The longest wait seen in any sample. */
    public Duration maxLag() {
        return samples.stream().map(BacklogSample::oldestWait).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    public void stop() throws InterruptedException {
        running.set(false);
        thread.join(Duration.ofSeconds(30));
    }
}
