package dev.tokenkeeper.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.port.Lease;
import dev.tokenkeeper.core.port.RefreshLease;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link RefreshLease} adapter must have; an adapter's test extends this class.
 *
 * <p>Expiry is exercised with short real leases, because a database lease runs on the database's clock.
 */
public abstract class RefreshLeaseContract {
    private static final Duration LONG = Duration.ofSeconds(30);
    private static final Duration SHORT = Duration.ofMillis(300);

    /** A fresh lease store, empty or at least without leases on the ids these tests use. */
    protected abstract RefreshLease leases();

    /** A connection id unknown to the store so far (adapters whose leases live on connection rows create it). */
    protected abstract String newConnectionId();

    @Test
    void tryAcquire_grantsTheLease_whenFree() {
        RefreshLease leases = leases();
        String id = newConnectionId();

        Optional<Lease> lease = leases.tryAcquire(id, "a", LONG);

        assertThat(lease).hasValueSatisfying(l -> {
            assertThat(l.connectionId()).isEqualTo(id);
            assertThat(l.holder()).isEqualTo("a");
            assertThat(l.interruptedAttempt()).isFalse();
        });
    }

    @Test
    void tryAcquire_refuses_whileAnotherHolderIsLive() {
        RefreshLease leases = leases();
        String id = newConnectionId();
        leases.tryAcquire(id, "a", LONG).orElseThrow();

        assertThat(leases.tryAcquire(id, "b", LONG)).isEmpty();
    }

    @Test
    void tryAcquire_grantsAGreaterFence_afterRelease() {
        RefreshLease leases = leases();
        String id = newConnectionId();
        Lease first = leases.tryAcquire(id, "a", LONG).orElseThrow();
        leases.release(first);

        Lease second = leases.tryAcquire(id, "b", LONG).orElseThrow();

        assertThat(second.fence()).isGreaterThan(first.fence());
        assertThat(second.interruptedAttempt()).isFalse();
    }

    @Test
    void tryAcquire_takesOverAndFlagsTheInterruptedAttempt_whenAHolderDiedAfterSending() throws Exception {
        RefreshLease leases = leases();
        String id = newConnectionId();
        Lease dead = leases.tryAcquire(id, "a", SHORT).orElseThrow();
        assertThat(leases.markAttemptStarted(dead)).isTrue();

        assertThat(leases.awaitRelease(id, LONG)).isTrue();
        Lease next = leases.tryAcquire(id, "b", LONG).orElseThrow();

        assertThat(next.fence()).isGreaterThan(dead.fence());
        assertThat(next.interruptedAttempt()).isTrue();
        assertThat(next.interruptedAttemptAt()).as("when the dead holder sent its request")
                .isBetween(dead.expiresAt().minus(SHORT).minusSeconds(1), dead.expiresAt());
    }

    @Test
    void tryAcquire_doesNotFlagAnInterruptedAttempt_whenTheExpiredHolderNeverSent() throws Exception {
        RefreshLease leases = leases();
        String id = newConnectionId();
        leases.tryAcquire(id, "a", SHORT).orElseThrow();

        assertThat(leases.awaitRelease(id, LONG)).isTrue();

        assertThat(leases.tryAcquire(id, "b", LONG)).hasValueSatisfying(
                next -> assertThat(next.interruptedAttempt()).isFalse());
    }

    @Test
    void tryAcquire_keepsFlaggingTheInterruptedAttempt_whenItsSuccessorAlsoDiedBeforeSettlingIt() throws Exception {
        RefreshLease leases = leases();
        String id = newConnectionId();
        Lease dead = leases.tryAcquire(id, "a", SHORT).orElseThrow();
        assertThat(leases.markAttemptStarted(dead)).isTrue();
        assertThat(leases.awaitRelease(id, LONG)).isTrue();
        Lease successor = leases.tryAcquire(id, "b", SHORT).orElseThrow();
        assertThat(successor.interruptedAttempt()).isTrue();

        assertThat(leases.awaitRelease(id, LONG)).isTrue();
        Lease third = leases.tryAcquire(id, "c", LONG).orElseThrow();

        assertThat(third.interruptedAttempt()).as("the successor died before deciding: still unsettled").isTrue();
        assertThat(third.interruptedAttemptAt()).as("when the first holder sent its request")
                .isEqualTo(successor.interruptedAttemptAt());
    }

    @Test
    void tryAcquire_flagsTheInterruptedAttempt_whenItsHolderReleasedWithoutACommit() {
        RefreshLease leases = leases();
        String id = newConnectionId();
        Lease failed = leases.tryAcquire(id, "a", LONG).orElseThrow();
        assertThat(leases.markAttemptStarted(failed)).isTrue();
        leases.release(failed);

        Lease next = leases.tryAcquire(id, "b", LONG).orElseThrow();
        assertThat(next.interruptedAttempt()).as("the request may have left before the holder failed").isTrue();
        leases.release(next);

        assertThat(leases.tryAcquire(id, "c", LONG)).hasValueSatisfying(third -> assertThat(
                third.interruptedAttemptAt()).as("a holder that decided nothing hands it on")
                .isEqualTo(next.interruptedAttemptAt()));
    }

    @Test
    void markAttemptStarted_refuses_afterTheLeaseWasTakenOver() throws Exception {
        RefreshLease leases = leases();
        String id = newConnectionId();
        Lease stale = leases.tryAcquire(id, "a", SHORT).orElseThrow();
        leases.awaitRelease(id, LONG);
        leases.tryAcquire(id, "b", LONG).orElseThrow();

        assertThat(leases.markAttemptStarted(stale)).isFalse();
    }

    @Test
    void release_ofATakenOverLease_leavesTheNewHolderInPlace() throws Exception {
        RefreshLease leases = leases();
        String id = newConnectionId();
        Lease stale = leases.tryAcquire(id, "a", SHORT).orElseThrow();
        leases.awaitRelease(id, LONG);
        leases.tryAcquire(id, "b", LONG).orElseThrow();

        leases.release(stale);

        assertThat(leases.tryAcquire(id, "c", LONG)).isEmpty();
    }

    @Test
    void awaitRelease_wakesUp_whenTheHolderReleases() throws Exception {
        RefreshLease leases = leases();
        String id = newConnectionId();
        Lease held = leases.tryAcquire(id, "a", LONG).orElseThrow();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch waiting = new CountDownLatch(1);
            Future<Boolean> waiter = pool.submit(() -> {
                waiting.countDown();
                return leases.awaitRelease(id, LONG);
            });
            waiting.await();
            leases.release(held);

            assertThat(waiter.get()).isTrue();
        }
    }

    @Test
    void awaitRelease_givesUp_whenTheHolderKeepsTheLease() throws Exception {
        RefreshLease leases = leases();
        String id = newConnectionId();
        leases.tryAcquire(id, "a", LONG).orElseThrow();

        assertThat(leases.awaitRelease(id, Duration.ofMillis(50))).isFalse();
    }

    @Test
    void tryAcquire_grantsExactlyOneLease_whenManyRaceForIt() throws Exception {
        RefreshLease leases = leases();
        String id = newConnectionId();
        int racers = 32;
        AtomicInteger granted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < racers; i++) {
                String holder = "h" + i;
                futures.add(pool.submit(() -> {
                    start.await();
                    leases.tryAcquire(id, holder, LONG).ifPresent(l -> granted.incrementAndGet());
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get();
            }
        }
        assertThat(granted).hasValue(1);
    }
}
