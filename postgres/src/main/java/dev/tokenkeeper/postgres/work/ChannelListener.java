package dev.tokenkeeper.postgres.work;

import dev.tokenkeeper.postgres.DatabaseLocation;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens to one LISTEN/NOTIFY channel on a dedicated connection, on a daemon thread, and hands each batch of
 * notifications to a callback; when the connection breaks it logs once, waits a second and connects again (whoever
 * relies on the notifications must poll as well, since those sent meanwhile are lost).
 */
public final class ChannelListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelListener.class);
    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final int RECEIVE_TIMEOUT_MILLIS = 250;
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

    private final DatabaseLocation location;
    private final String channel;
    private final Consumer<PGNotification[]> onNotifications;
    private final Runnable onListening;
    private final Runnable onLost;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread thread;

    private ChannelListener(DatabaseLocation location, String channel, Consumer<PGNotification[]> onNotifications,
            Runnable onListening, Runnable onLost) {
        this.location = Objects.requireNonNull(location, "location");
        if (channel == null || !CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("channel must be a plain lower-case SQL identifier: " + channel);
        }
        this.channel = channel;
        this.onNotifications = Objects.requireNonNull(onNotifications, "onNotifications");
        this.onListening = Objects.requireNonNull(onListening, "onListening");
        this.onLost = Objects.requireNonNull(onLost, "onLost");
        this.thread = Thread.ofPlatform().daemon().name("tokenkeeper-listen-" + channel).unstarted(this::run);
    }

    /** Starts listening; {@code onNotifications} runs on the listener's thread and must not block. */
    public static ChannelListener listen(DatabaseLocation location, String channel,
            Consumer<PGNotification[]> onNotifications) {
        return listen(location, channel, onNotifications, () -> { }, () -> { });
    }

    /**
     * Starts listening as {@link #listen(DatabaseLocation, String, Consumer)} does, and also runs {@code onListening}
     * each time the LISTEN is in place (first and after each reconnect) and {@code onLost} each time the connection
     * breaks or the listener closes; both run on the listener's thread and must not block.
     */
    public static ChannelListener listen(DatabaseLocation location, String channel,
            Consumer<PGNotification[]> onNotifications, Runnable onListening, Runnable onLost) {
        ChannelListener listener = new ChannelListener(location, channel, onNotifications, onListening, onLost);
        listener.thread.start();
        return listener;
    }

    private void run() {
        while (!closed.get()) {
            try (Connection connection = location.connect();
                    Statement statement = connection.createStatement()) {
                statement.execute("listen " + channel);
                PGConnection pg = connection.unwrap(PGConnection.class);
                onListening.run();
                while (!closed.get()) {
                    PGNotification[] notifications = pg.getNotifications(RECEIVE_TIMEOUT_MILLIS);
                    if (notifications != null && notifications.length > 0) {
                        onNotifications.accept(notifications);
                    }
                }
            } catch (SQLException e) {
                onLost.run();
                if (!closed.get()) {
                    LOG.warn("event=listener_disconnected channel={} the LISTEN connection failed ({}); polling"
                            + " covers the gap until it is back", channel, e.getMessage());
                    pause();
                }
            }
        }
        onLost.run();
    }

    private void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(RECONNECT_DELAY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed.set(true);
        }
    }

    @Override
    public void close() {
        closed.set(true);
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
