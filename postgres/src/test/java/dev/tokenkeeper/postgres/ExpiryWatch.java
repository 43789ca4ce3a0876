package dev.tokenkeeper.postgres;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.postgres.connection.PostgresConnectionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** Reads every connection over and over, noting any whose stored token expired while it had no failure. */
public final class ExpiryWatch {
    private final Map<String, Expired> expiredWhileHealthy = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
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
                for (String id : ids) {
                    Connection stored = store.find(id).orElseThrow();
                    Instant now = Instant.now();
                    if (stored.consecutiveFailures() == 0 && !stored.tokens().expiresAt().isAfter(now)) {
                        watch.expiredWhileHealthy.putIfAbsent(id,
                                new Expired(stored.tokens().expiresAt(), stored.nextRefreshAt()));
                    }
                }
            }
        });
        return watch;
    }

    public Map<String, Expired> expiredWhileHealthy() {
        return expiredWhileHealthy;
    }

    public void stop() throws InterruptedException {
        running.set(false);
        thread.join(Duration.ofSeconds(30));
    }
}
