package dev.tokenkeeper.server.action;

import dev.tokenkeeper.core.action.Action;
import dev.tokenkeeper.core.action.ActionStore;
import dev.tokenkeeper.core.action.ClaimedAction;
import dev.tokenkeeper.core.port.ProviderDirectory;
import dev.tokenkeeper.core.refresh.RefreshEngine;
import dev.tokenkeeper.server.ops.ServiceMetrics;
import dev.tokenkeeper.server.proxy.ProviderCalls;
import dev.tokenkeeper.server.work.DueWorkLoop;
import dev.tokenkeeper.server.work.WorkSlots;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs due actions on virtual threads: claims as many as it has free slots ({@link ActionSettings#concurrency()})
 * under fenced leases, runs each as an {@link ActionAttempt}, and about every {@link ActionSettings#housekeeping()}
 * ends expired actions and purges the bodies of those finished longer than {@link ActionSettings#retention()} ago.
 * One log line per attempt names the action, connection, provider, status, outcome, attempt number and duration,
 * never a body, a header value or a token.
 */
public final class ActionRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ActionRunner.class);
    /**
     * The longest wait between two looks at the store. Actions queued elsewhere (another instance's API, a
     * reactivation's release in the database) are announced by the database ({@code WorkNotices}) and wake the loop
     * at once; this poll bounds their wait when a notification is lost.
     */
    static final Duration MAX_IDLE = Duration.ofSeconds(5);
    private static final Duration MIN_IDLE = Duration.ofMillis(250);
    private static final Duration AFTER_FAILURE = Duration.ofSeconds(5);
    private static final int HOUSEKEEPING_BATCH = 500;

    private final ActionStore store;
    private final InstantSource clock;
    private final String holder;
    private final ActionSettings settings;
    private final ServiceMetrics metrics;
    private final ActionAttempt attempt;
    private final Set<ClaimedAction> inFlight = ConcurrentHashMap.newKeySet();
    private long nextRenewalNanos = System.nanoTime();
    private final WorkSlots slots;
    private final DueWorkLoop loop;
    private Instant nextHousekeeping = Instant.MIN;

    /** @param holder names this instance in the leases it takes */
    public ActionRunner(ActionStore store, RefreshEngine engine, ProviderDirectory providers, ProviderCalls calls,
            InstantSource clock, String holder, ActionSettings settings, ServiceMetrics metrics) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.holder = Objects.requireNonNull(holder, "holder");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.attempt = new ActionAttempt(store, engine, providers, calls, clock,
                new Backoff(settings.firstBackoff(), settings.maxBackoff()));
        this.slots = new WorkSlots("action", settings.concurrency(), this::wake, Duration.ofSeconds(15));
        this.loop = new DueWorkLoop("actions", this::runDue, this::untilNextTurn,
                new DueWorkLoop.Idle(MIN_IDLE, MAX_IDLE, AFTER_FAILURE));
    }

    public void start() {
        loop.start();
    }

    /** Looks for due actions now (one was just created or replayed). */
    public void wake() {
        loop.wake();
    }

    /** Housekeeping when due, then claims as many due actions as there are free slots; answers how many. */
    int runDue() {
        renewLeases();
        housekeep();
        int free = slots.free();
        if (free == 0) {
            return 0;
        }
        List<ClaimedAction> claimed = store.claimDue(holder, settings.lease(), free);
        for (ClaimedAction one : claimed) {
            inFlight.add(one);
            slots.run(one, action -> {
                try {
                    runSafely(action);
                } finally {
                    inFlight.remove(action);
                }
            });
        }
        return claimed.size();
    }

    /** How long until the earliest due action, or until the next renewal while actions run here. */
    private Optional<Duration> untilNextTurn() {
        Optional<Duration> due = store.untilNextDue();
        if (inFlight.isEmpty()) {
            return due;
        }
        Duration renewal = Duration.ofNanos(Math.max(0, nextRenewalNanos - System.nanoTime()));
        return Optional.of(due.filter(d -> d.compareTo(renewal) < 0).orElse(renewal));
    }

    /**
     * Renews the leases of the actions running here, every {@link ActionSettings#renewEvery()} of real time (leases run
     * on the database's clock), so a lease can be short (a dead runner's actions, and every later action of their
     * connections, wait only that long) however long the provider takes. One that cannot be renewed ran out or was
     * taken over: its attempt's result will be refused.
     */
    private void renewLeases() {
        long now = System.nanoTime();
        if (now - nextRenewalNanos < 0) {
            return;
        }
        nextRenewalNanos = now + settings.renewEvery().toNanos();
        for (ClaimedAction one : inFlight) {
            if (!store.renew(one, settings.lease())) {
                inFlight.remove(one);
                LOG.warn("action_lease_lost action={} connection={} the lease ran out or was taken over while the"
                        + " attempt ran: its result will not be recorded", one.action().id(),
                        one.action().connectionId());
            }
        }
    }

    private void housekeep() {
        Instant now = clock.instant();
        if (now.isBefore(nextHousekeeping)) {
            return;
        }
        nextHousekeeping = now.plus(settings.housekeeping());
        int expired = store.expireDue(now, HOUSEKEEPING_BATCH);
        int purged = store.purgeFinishedBefore(now.minus(settings.retention()), HOUSEKEEPING_BATCH);
        if (expired > 0 || purged > 0) {
            LOG.info("action_housekeeping expired={} purged={}", expired, purged);
        }
        if (expired == HOUSEKEEPING_BATCH || purged == HOUSEKEEPING_BATCH) {
            nextHousekeeping = now; // more to do: again on the next turn
        }
    }

    private void runSafely(ClaimedAction claimed) {
        Action action = claimed.action();
        long started = System.nanoTime();
        ActionAttempt.Result result;
        try {
            result = attempt.run(claimed);
        } catch (RuntimeException e) {
            // The lease runs out and the action is claimed again (as interrupted if it was being sent).
            LOG.warn("action_attempt_failed action={} connection={} the attempt failed unexpectedly", action.id(),
                    action.connectionId(), e);
            result = new ActionAttempt.Result("internal_error", null, false);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        metrics.actionAttempt(result.outcome());
        LOG.info("action_attempt action={} connection={} provider={} status={} outcome={} attempt={} duration_ms={}",
                action.id(), action.connectionId(), action.providerKey(),
                result.status() == null ? "none" : result.status().toString(), result.outcome(),
                action.attempts() + (result.sent() ? 1 : 0), took.toMillis());
    }

    @Override
    public void close() {
        loop.stop(Duration.ofSeconds(15));
        slots.close();
    }
}
