package dev.tokenkeeper.postgres.work;

import dev.tokenkeeper.postgres.DatabaseLocation;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.postgresql.PGNotification;

/**
 * Wakes local workers when any instance's transaction made durable work due: the database sends
 * {@code pg_notify('tokenkeeper_work_due', <kind>)} (from the outbox triggers, for instance) and this listener runs the
 * wake-ups registered for that kind, so new work starts within milliseconds instead of at the workers' next poll.
 * Notifications are a shortcut, not a guarantee: workers keep polling.
 */
public final class WorkNotices implements AutoCloseable {
    /** The channel the database notifies; the payload names the kind of work ({@link #WEBHOOKS}, …). */
    public static final String CHANNEL = "tokenkeeper_work_due";
    /** Webhook deliveries were added. */
    public static final String WEBHOOKS = "webhooks";
    /** Actions were queued: created, or released by a connection's reactivation. */
    public static final String ACTIONS = "actions";

    private final Map<String, List<Runnable>> wakeUps = new ConcurrentHashMap<>();
    private final ChannelListener listener;

    private WorkNotices(DatabaseLocation location) {
        this.listener = ChannelListener.listen(location, CHANNEL, this::dispatch);
    }

    /** Starts listening on the database at {@code location}. */
    public static WorkNotices listen(DatabaseLocation location) {
        return new WorkNotices(location);
    }

    /** Runs {@code wakeUp} (which must not block) whenever work of this kind is announced. */
    public void on(String kind, Runnable wakeUp) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(wakeUp, "wakeUp");
        wakeUps.computeIfAbsent(kind, k -> new CopyOnWriteArrayList<>()).add(wakeUp);
    }

    private void dispatch(PGNotification[] notifications) {
        for (PGNotification notification : notifications) {
            wakeUps.getOrDefault(notification.getParameter(), List.of()).forEach(Runnable::run);
        }
    }

    @Override
    public void close() {
        listener.close();
    }
}
