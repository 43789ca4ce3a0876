package dev.tokenkeeper.postgres;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.postgres.connection.PostgresConnectionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads every connection over and over, noting any active one whose stored token expired while it had no failure; a
 * pass that cannot read the database (restarted by a test) is counted and tried again.
 */
public final class ExpiryWatch {
    private final Map<String, Expired> expiredWhileHealthy = new ConcurrentHashMap<>();
    private static final Duration UNREADABLE_PAUSE = Duration.ofMillis(200);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong unreadable = new AtomicLong();
    private Thread thread;

    /**
     * A token that expired while its connection had no failure recorded.
     *
     * @param expiresAt when the token expired
     * @param dueAt     when its proactive refresh was due (null if none was scheduled)
     */
    public record Expired(Instant expiresAt, Instant dueAt) {}

    public static ExpiryWatch start(PostgresConnectionStore store, Iterable<String> ids) {
        ExpiryWatch watch = new ExpiryWatch();
        watch.thread = Thread.ofVirtual().start(() -> {
            while (watch.running.get()) {
                try {
                    watch.readAll(store, ids);
                } catch (RuntimeException e) {
                    // the database is unreachable for a moment (a test restarting it): read again shortly
                    watch.unreadable.incrementAndGet();
                    LockSupport.parkNanos(UNREADABLE_PAUSE.toNanos());
                }
            }
        });
        return watch;
    }

    private void readAll(PostgresConnectionStore store, Iterable<String> ids) {
        for (String id : ids) {
            Connection stored = store.find(id).orElseThrow();
            Instant now = Instant.now();
            if (stored.state() == ConnectionState.ACTIVE && stored.consecutiveFailures() == 0
                    && !stored.tokens().expiresAt().isAfter(now)) {
                expiredWhileHealthy.putIfAbsent(id, new Expired(stored.tokens().expiresAt(), stored.nextRefreshAt()));
            }
        }
    }

    /** How many passes failed because the database could not be read. */
    public long unreadablePasses() {
        return unreadable.get();
    }

    public Map<String, Expired> expiredWhileHealthy() {
        return expiredWhileHealthy;
    }

    public void stop() throws InterruptedException {
        running.set(false);
        thread.join(Duration.ofSeconds(30));
    }
}
