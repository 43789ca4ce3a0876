package dev.tokenkeeper.core.refresh;

import dev.tokenkeeper.core.port.ClaimBudget;
import dev.tokenkeeper.core.port.RefreshSchedule;
import dev.tokenkeeper.core.port.RefreshSchedule.Claimed;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes connections before they expire: claims due connections from the durable {@link RefreshSchedule}
 * (whichever instance is free takes them) and runs each claim through the {@link RefreshEngine}, at most
 * {@link SchedulerSettings#maxConcurrent()} at once and {@link SchedulerSettings#perProvider()} per provider.
 *
 * <p>Retryable failures reschedule themselves (the engine writes {@code next_refresh_at} after the backoff or
 * {@code Retry-After}); terminal ones leave the schedule, since only active connections are claimable. A claim
 * whose instance dies is a lease that runs out, so another instance claims the connection again.
 *
 * <p>Every claim says how late it came ({@link Claimed#lateBy()}); the {@link #observedLag() observed lag} is logged
 * when it grows and is covered by the proactive margin of the refreshes scheduled afterwards.
 */
public final class RefreshScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RefreshScheduler.class);

    private final RefreshEngine engine;
    private final RefreshSchedule schedule;
    private final SchedulerSettings settings;
    private final String holder;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Integer> busy = new HashMap<>();
    private final LongAdder claimed = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private int running;
    private boolean stopping;
    private Thread loop;

    public RefreshScheduler(RefreshEngine engine, RefreshSchedule schedule, SchedulerSettings settings) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.holder = engine.settings().instanceId() + "/scheduler";
    }

    /** Starts claiming in the background until {@link #close()}. */
    public void start() {
        lock.lock();
        try {
            if (loop != null || stopping) {
                throw new IllegalStateException("the scheduler was started already");
            }
            loop = Thread.ofVirtual().name("tokenkeeper-refresh-scheduler").start(this::claimUntilStopped);
        } finally {
            lock.unlock();
        }
        LOG.info("refresh_scheduler started holder={} max_concurrent={} per_provider={} poll={}", holder,
                settings.maxConcurrent(), settings.perProvider(), settings.pollInterval());
    }

    /**
     * Claims what is due now (as much as the budget allows) and runs it, returning when those refreshes are done;
     * for one-shot jobs and tests, not while {@link #start() started}.
     *
     * @return how many connections were claimed
     */
    public int runDueOnce() throws InterruptedException {
        int count = claimAndDispatch();
        lock.lock();
        try {
            while (running > 0) {
                changed.await();
            }
        } finally {
            lock.unlock();
        }
        return count;
    }

    /** How many connections this scheduler has claimed since it was made. */
    public long claimedCount() {
        return claimed.sum();
    }

    /**
     * The due-work lag this scheduler observed lately: how late it claimed due refreshes (claim time minus
     * {@code next_refresh_at}), as a maximum that halves every two minutes. The proactive margin of every refresh
     * this process schedules covers twice this lag, as far as the token's lifetime allows.
     */
    public Duration observedLag() {
        return engine.dueWorkLag().observed();
    }

    /** How many claimed refreshes ended in an exception (broken infrastructure, logged), not in an answer. */
    public long errorCount() {
        return errors.sum();
    }

    private void claimUntilStopped() {
        while (!isStopping()) {
            try {
                int count = claimAndDispatch();
                observedLag(); // notices a recovery (and logs it) even while nothing is claimed
                awaitWork(count);
            } catch (RuntimeException e) {
                errors.increment();
                LOG.warn("refresh_scheduler_error holder={} error={}; retrying after {}", holder, e.toString(),
                        settings.pollInterval());
                awaitQuietly(settings.pollInterval());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private int claimAndDispatch() {
        ClaimBudget budget = budget();
        if (budget.total() == 0) {
            return 0;
        }
        List<Claimed> claims = schedule.claimDue(holder, engine.settings().leaseTtl(), budget);
        for (Claimed claim : claims) {
            engine.dueWorkLag().record(claim.lateBy());
            dispatch(claim);
        }
        claimed.add(claims.size());
        return claims.size();
    }

    private ClaimBudget budget() {
        lock.lock();
        try {
            return new ClaimBudget(settings.maxConcurrent() - running, settings.perProvider(), busy);
        } finally {
            lock.unlock();
        }
    }

    private void dispatch(Claimed claim) {
        lock.lock();
        try {
            running++;
            busy.merge(claim.providerKey(), 1, Integer::sum);
        } finally {
            lock.unlock();
        }
        workers.execute(() -> {
            try {
                engine.refreshClaimed(claim.lease());
            } catch (RuntimeException e) {
                errors.increment();
                LOG.warn("refresh_scheduler_error connection={} error={}", claim.lease().connectionId(),
                        e.toString());
            } finally {
                finished(claim);
            }
        });
    }

    private void finished(Claimed claim) {
        lock.lock();
        try {
            running--;
            busy.computeIfPresent(claim.providerKey(), (key, count) -> count == 1 ? null : count - 1);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sleeps until work may be claimable: a batch of slots frees up (or one did and the batch wait ended), the next
     * refresh is due, or the poll interval ends.
     */
    private void awaitWork(int justClaimed) throws InterruptedException {
        if (freeSlots() < settings.claimBatch()) {
            awaitFreeSlots(settings.claimBatch(), settings.batchWait());
            return;
        }
        if (justClaimed > 0) {
            return;
        }
        Duration wait = settings.pollInterval();
        if (hasRoom()) {
            Optional<Duration> untilDue = schedule.untilNextDue();
            if (untilDue.isPresent()) {
                wait = untilDue.get().isZero() ? settings.idleAfterMiss() : min(untilDue.get(), wait);
            }
        }
        await(wait);
    }

    private boolean hasRoom() {
        return freeSlots() > 0;
    }

    private int freeSlots() {
        lock.lock();
        try {
            return settings.maxConcurrent() - running;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until {@code slots} are free, or at most {@code batchWait} once at least one is (woken early when the
     * scheduler stops); with none free, until one is or the poll interval ends.
     */
    private void awaitFreeSlots(int slots, Duration batchWait) throws InterruptedException {
        lock.lock();
        try {
            long pollLeft = settings.pollInterval().toNanos();
            while (!stopping && running == settings.maxConcurrent() && pollLeft > 0) {
                pollLeft = changed.awaitNanos(pollLeft);
            }
            long batchLeft = batchWait.toNanos();
            while (!stopping && settings.maxConcurrent() - running < slots && batchLeft > 0) {
                batchLeft = changed.awaitNanos(batchLeft);
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean isStopping() {
        lock.lock();
        try {
            return stopping;
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code wait}, woken early when a refresh finishes or the scheduler stops. */
    private void await(Duration wait) throws InterruptedException {
        lock.lock();
        try {
            if (!stopping) {
                changed.await(wait.toNanos(), TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    private void awaitQuietly(Duration wait) {
        try {
            await(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * Stops claiming and waits for running refreshes (each bounded by the HTTP deadline) up to one lease length;
     * a refresh still running then is interrupted, and its lease runs out for another instance to claim.
     */
    @Override
    public void close() {
        Thread claimer;
        lock.lock();
        try {
            stopping = true;
            claimer = loop;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            if (claimer != null) {
                claimer.join(settings.pollInterval().plusSeconds(5));
            }
            workers.shutdown();
            if (!workers.awaitTermination(engine.settings().leaseTtl().toMillis(), TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        LOG.info("refresh_scheduler stopped holder={} claimed={} errors={}", holder, claimed.sum(), errors.sum());
    }
}
