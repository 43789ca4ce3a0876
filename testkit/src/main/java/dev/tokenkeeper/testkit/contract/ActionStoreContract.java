package dev.tokenkeeper.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkeeper.core.action.Action;
import dev.tokenkeeper.core.action.ActionCreation;
import dev.tokenkeeper.core.action.ActionError;
import dev.tokenkeeper.core.action.ActionQuery;
import dev.tokenkeeper.core.action.ActionRequest;
import dev.tokenkeeper.core.action.ActionResponse;
import dev.tokenkeeper.core.action.ActionState;
import dev.tokenkeeper.core.action.ActionStore;
import dev.tokenkeeper.core.action.ClaimedAction;
import dev.tokenkeeper.core.action.NewAction;
import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.core.refresh.FailureReason;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ActionStore} adapter must have (the rules in its Javadoc), through the port only; an
 * adapter's test extends this class. Due times are set well in the past or the future, so the contract holds on a
 * database clock too; leases are made to run out by {@link #leasesRunOut}.
 */
public abstract class ActionStoreContract {
    private static final Duration LEASE = Duration.ofMinutes(1);
    private static final String PROVIDER = "fake";

    /** A fresh, empty store for each test, reading connections from {@link #connections()}. */
    protected abstract ActionStore store();

    /** The connections the store reads (empty for each test). */
    protected abstract ConnectionStore connections();

    /** Now, as the store's clock sees it. */
    protected abstract Instant now();

    /** Makes every live lease run out (moves a clock, or the leases' expiry into the past). */
    protected abstract void leasesRunOut();

    @Test
    void create_queuesTheAction_dueAtItsCreation_whenItsConnectionIsActive() {
        ActionStore store = store();
        connection("c1");
        Instant created = now().minusSeconds(60);

        Action action = created(store.create(new NewAction("act_1", "c1", request("one"), null, created,
                created.plus(Duration.ofHours(1)))));

        assertThat(action.state()).isEqualTo(ActionState.QUEUED);
        assertThat(action.providerKey()).isEqualTo(PROVIDER);
        assertThat(action.request()).isEqualTo(request("one"));
        assertThat(action.fingerprint()).isEqualTo(request("one").fingerprint());
        assertThat(action.nextAttemptAt()).isEqualTo(created);
        assertThat(action.error()).isNull();
        assertThat(action.attempts()).isZero();
        assertThat(store.find("act_1")).hasValueSatisfying(found -> {
            assertThat(found.request()).isEqualTo(request("one"));
            assertThat(found.expiresAt()).isEqualTo(created.plus(Duration.ofHours(1)));
            assertThat(found.sequence()).isEqualTo(action.sequence());
        });
        assertThat(store.find("act_missing")).isEmpty();
    }

    @Test
    void create_holdsTheAction_withTheConnectionsCause_whenItsConnectionIsStale() {
        ActionStore store = store();
        connection("c1");
        makeStale("c1");

        Action action = created(store.create(action("act_1", "c1", null)));

        assertThat(action.state()).isEqualTo(ActionState.HELD);
        assertThat(action.nextAttemptAt()).isNull();
        assertThat(action.error().code()).isEqualTo("connection_stale");
        assertThat(action.error().cause()).isEqualTo(Cause.GRANT_REVOKED);
        assertThat(action.error().message())
                .isEqualTo("the connection is needs_reauth: the action waits for a reconnect");
        assertThat(store.claimDue("r", LEASE, 10)).isEmpty();
    }

    @Test
    void create_answersConnectionMissing_andStoresNothing_whenTheConnectionDoesNotExist() {
        ActionStore store = store();

        assertThat(store.create(action("act_1", "c_missing", null)))
                .isEqualTo(new ActionCreation.ConnectionMissing("c_missing"));
        assertThat(store.find("act_1")).isEmpty();
    }

    @Test
    void create_withAnIdempotencyKeyUsedBefore_answersTheFirstAction_orAConflictForADifferentRequest() {
        ActionStore store = store();
        connection("c1");
        Action first = created(store.create(action("act_1", "c1", "key-1")));

        ActionCreation again = store.create(action("act_2", "c1", "key-1"));
        ActionCreation different = store.create(new NewAction("act_3", "c1", request("other"), "key-1",
                now().minusSeconds(60), now().plusSeconds(3600)));

        assertThat(again).isInstanceOfSatisfying(ActionCreation.Existing.class,
                existing -> assertThat(existing.action().id()).isEqualTo(first.id()));
        assertThat(different).isInstanceOfSatisfying(ActionCreation.KeyConflict.class,
                conflict -> assertThat(conflict.existing().id()).isEqualTo(first.id()));
        assertThat(store.find("act_2")).isEmpty();
        assertThat(store.find("act_3")).isEmpty();
    }

    @Test
    void create_fromManyThreadsWithOneKey_createsExactlyOneAction() throws Exception {
        ActionStore store = store();
        connection("c1");
        ExecutorService threads = Executors.newFixedThreadPool(20);
        try {
            List<Future<ActionCreation>> creations = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String id = "act_" + i;
                creations.add(threads.submit(() -> store.create(action(id, "c1", "key-race"))));
            }
            List<ActionCreation> outcomes = new ArrayList<>();
            for (Future<ActionCreation> creation : creations) {
                outcomes.add(creation.get(2, TimeUnit.MINUTES));
            }
            List<Action> made = outcomes.stream().filter(ActionCreation.Created.class::isInstance)
                    .map(outcome -> ((ActionCreation.Created) outcome).action()).toList();
            assertThat(made).hasSize(1);
            assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome)
                    .isInstanceOfAny(ActionCreation.Created.class, ActionCreation.Existing.class));
            assertThat(outcomes).filteredOn(ActionCreation.Existing.class::isInstance).hasSize(19)
                    .allSatisfy(existing -> assertThat(((ActionCreation.Existing) existing).action().id())
                            .isEqualTo(made.getFirst().id()));
            assertThat(store.list(new ActionQuery("c1", null, null, 100))).hasSize(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void claimDue_runsOneActionOfAConnectionAtATime_inCreationOrder_whileOtherConnectionsRun() {
        ActionStore store = store();
        connection("c1");
        connection("c2");
        for (int i = 1; i <= 3; i++) {
            created(store.create(action("act_a" + i, "c1", null)));
        }
        created(store.create(action("act_b1", "c2", null)));

        List<ClaimedAction> first = store.claimDue("r", LEASE, 10);

        assertThat(first).extracting(claimed -> claimed.action().id()).containsExactlyInAnyOrder("act_a1", "act_b1");
        assertThat(first).allSatisfy(claimed -> {
            assertThat(claimed.action().state()).isEqualTo(ActionState.RUNNING);
            assertThat(claimed.interruptedAttemptAt()).isNull();
        });
        assertThat(store.find("act_a1").orElseThrow().state()).isEqualTo(ActionState.RUNNING);
        assertThat(store.claimDue("r", LEASE, 10)).isEmpty();

        succeed(store, claimedOf(first, "act_a1"));
        assertThat(store.claimDue("r", LEASE, 10)).extracting(claimed -> claimed.action().id())
                .containsExactly("act_a2");
    }

    @Test
    void claimDue_fromManyRunnersAtOnce_neverRunsTwoActionsOfAConnection_andKeepsTheirOrder() throws Exception {
        ActionStore store = store();
        Map<String, List<String>> created = new TreeMap<>();
        for (int c = 0; c < 4; c++) {
            connection("c" + c);
            for (int i = 0; i < 4; i++) {
                String id = "act_c" + c + "_" + i;
                created(store.create(action(id, "c" + c, null)));
                created.computeIfAbsent("c" + c, key -> new ArrayList<>()).add(id);
            }
        }
        Map<String, List<String>> finished = new ConcurrentHashMap<>();
        Set<String> running = ConcurrentHashMap.newKeySet();
        List<String> overlaps = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger done = new AtomicInteger();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        ExecutorService runners = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> loops = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                String holder = "runner-" + r;
                loops.add(runners.submit(() -> {
                    while (done.get() < 16 && System.nanoTime() < deadline) {
                        for (ClaimedAction claimed : store.claimDue(holder, LEASE, 3)) {
                            String connectionId = claimed.action().connectionId();
                            if (!running.add(connectionId)) {
                                overlaps.add(claimed.action().id());
                            }
                            finished.computeIfAbsent(connectionId, key -> new CopyOnWriteArrayList<>())
                                    .add(claimed.action().id());
                            // Out of the running set before the result commits: the next claim comes after it.
                            running.remove(connectionId);
                            assertThat(succeed(store, claimed)).isTrue();
                            done.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> loop : loops) {
                loop.get(3, TimeUnit.MINUTES);
            }
        } finally {
            runners.shutdownNow();
        }

        assertThat(overlaps).isEmpty();
        assertThat(new TreeMap<>(finished)).isEqualTo(created);
    }

    @Test
    void claimDue_leavesALaterActionWaiting_whenItIsDueEarlierThanTheFirst() {
        ActionStore store = store();
        connection("c1");
        connection("c2");
        created(store.create(action("act_1", "c1", null)));
        created(store.create(action("act_2", "c1", null)));
        ClaimedAction claimed = store.claimDue("r", LEASE, 1).getFirst();
        assertThat(store.retryAt(claimed, now().plus(Duration.ofHours(1)), null,
                new ActionError("provider_unavailable", null, "503"), now())).isTrue();
        created(store.create(action("act_3", "c2", null)));

        List<ClaimedAction> other = store.claimDue("r", LEASE, 10);
        assertThat(other).extracting(c -> c.action().id()).containsExactly("act_3");
        assertThat(store.find("act_2").orElseThrow().state()).isEqualTo(ActionState.QUEUED);
        succeed(store, other.getFirst());
        assertThat(store.untilNextDue()).hasValueSatisfying(
                until -> assertThat(until).isGreaterThan(Duration.ofMinutes(30)));
    }

    @Test
    void claimDue_afterTheLeaseRanOut_reclaimsTheAction_reportingAnAttemptMarkedAsSending() {
        ActionStore store = store();
        connection("c1");
        connection("c2");
        created(store.create(action("act_sent", "c1", null)));
        created(store.create(action("act_quiet", "c2", null)));
        List<ClaimedAction> first = store.claimDue("a", LEASE, 10);
        assertThat(store.markSending(claimedOf(first, "act_sent"))).isTrue();

        leasesRunOut();
        List<ClaimedAction> second = store.claimDue("b", LEASE, 10);

        assertThat(second).hasSize(2);
        assertThat(claimedOf(second, "act_sent").interruptedAttemptAt()).isNotNull();
        assertThat(claimedOf(second, "act_quiet").interruptedAttemptAt()).isNull();
        assertThat(claimedOf(second, "act_sent").fence()).isGreaterThan(claimedOf(first, "act_sent").fence());
        assertThat(store.markSending(claimedOf(first, "act_quiet"))).isFalse();
        assertThat(succeed(store, claimedOf(first, "act_sent"))).isFalse();
        assertThat(store.retryAt(claimedOf(first, "act_quiet"), now(), null, null, now())).isFalse();
        assertThat(store.hold(claimedOf(first, "act_quiet"), stale(), now())).isFalse();
        assertThat(store.find("act_sent").orElseThrow().state()).isEqualTo(ActionState.RUNNING);
        assertThat(succeed(store, claimedOf(second, "act_sent"))).isTrue();
    }

    @Test
    void markSending_countsTheAttempt_andIsRefused_onceTheLeaseRanOut() {
        ActionStore store = store();
        connection("c1");
        created(store.create(action("act_1", "c1", null)));
        ClaimedAction claimed = store.claimDue("r", LEASE, 1).getFirst();

        assertThat(store.markSending(claimed)).isTrue();
        assertThat(store.find("act_1").orElseThrow().attempts()).isEqualTo(1);
        leasesRunOut();
        assertThat(store.markSending(claimed)).isFalse();
        assertThat(store.find("act_1").orElseThrow().attempts()).isEqualTo(1);
    }

    @Test
    void renew_keepsTheLeaseWhileItIsLive_andIsRefusedOnceItRanOutOrWasTakenOver() {
        ActionStore store = store();
        connection("c1");
        created(store.create(action("act_1", "c1", null)));
        ClaimedAction first = store.claimDue("r1", Duration.ofSeconds(30), 1).getFirst();

        assertThat(store.renew(first, Duration.ofSeconds(90))).isTrue();
        assertThat(store.claimDue("r2", LEASE, 1)).as("renewed: still held").isEmpty();
        leasesRunOut();
        assertThat(store.renew(first, Duration.ofMinutes(10))).as("a lease that ran out is not revived").isFalse();
        ClaimedAction second = store.claimDue("r2", LEASE, 1).getFirst();
        assertThat(store.renew(first, Duration.ofMinutes(10))).as("taken over").isFalse();
        assertThat(store.renew(second, Duration.ofMinutes(10))).isTrue();
        assertThat(store.markSending(first)).isFalse();
        assertThat(store.markSending(second)).isTrue();
    }

    @Test
    void finish_recordsTheAnswerAndError_andSettlesTheSendingMark() {
        ActionStore store = store();
        connection("c1");
        created(store.create(action("act_1", "c1", null)));
        ClaimedAction claimed = store.claimDue("r", LEASE, 1).getFirst();
        store.markSending(claimed);
        ActionResponse answer = new ActionResponse(422, Map.of("content-type", List.of("application/json")),
                "{\"error\":\"bad\"}".getBytes(StandardCharsets.UTF_8), true);
        ActionError error = new ActionError("provider_rejected", null, "the provider answered 422");
        Instant now = now();

        assertThat(store.finish(claimed, ActionState.FAILED, answer, error, now)).isTrue();

        Action failed = store.find("act_1").orElseThrow();
        assertThat(failed.state()).isEqualTo(ActionState.FAILED);
        assertThat(failed.response()).isEqualTo(answer);
        assertThat(failed.error()).isEqualTo(error);
        assertThat(failed.finishedAt()).isEqualTo(now);
        assertThat(failed.nextAttemptAt()).isNull();
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(store.finish(claimed, ActionState.SUCCEEDED, null, null, now)).isFalse();
        assertThatThrownBy(() -> store.finish(claimed, ActionState.QUEUED, null, null, now))
                .isInstanceOf(IllegalArgumentException.class);
        leasesRunOut();
        assertThat(store.claimDue("r", LEASE, 1)).isEmpty();
    }

    @Test
    void retryAt_queuesTheActionAgain_dueThen_keepingTheLastAnswer() {
        ActionStore store = store();
        connection("c1");
        created(store.create(action("act_1", "c1", null)));
        ClaimedAction claimed = store.claimDue("r", LEASE, 1).getFirst();
        ActionResponse answer = new ActionResponse(503, Map.of(), new byte[0], false);

        assertThat(store.retryAt(claimed, now().minusSeconds(1), answer,
                new ActionError("provider_unavailable", null, "503"), now())).isTrue();
        ClaimedAction again = store.claimDue("r", LEASE, 1).getFirst();
        assertThat(store.retryAt(again, now().plus(Duration.ofMinutes(10)), null,
                new ActionError("provider_unavailable", null, "timeout"), now())).isTrue();

        Action queued = store.find("act_1").orElseThrow();
        assertThat(queued.state()).isEqualTo(ActionState.QUEUED);
        assertThat(queued.response()).isEqualTo(answer);
        assertThat(queued.error().message()).isEqualTo("timeout");
        assertThat(store.claimDue("r", LEASE, 1)).isEmpty();
        assertThat(store.untilNextDue()).hasValueSatisfying(
                until -> assertThat(until).isGreaterThan(Duration.ofMinutes(5)));
    }

    @Test
    void hold_holdsTheClaimedAction_andTheConnectionsQueuedOnes_whenTheConnectionIsStale() {
        ActionStore store = store();
        connection("c1");
        connection("c2");
        created(store.create(action("act_1", "c1", null)));
        created(store.create(action("act_2", "c1", null)));
        created(store.create(action("act_other", "c2", null)));
        ClaimedAction claimed = claimedOf(store.claimDue("r", LEASE, 10), "act_1");
        makeStale("c1");

        assertThat(store.hold(claimed, stale(), now())).isTrue();

        assertThat(store.find("act_1").orElseThrow()).satisfies(held -> {
            assertThat(held.state()).isEqualTo(ActionState.HELD);
            assertThat(held.error()).isEqualTo(stale());
            assertThat(held.nextAttemptAt()).isNull();
        });
        assertThat(store.find("act_2").orElseThrow().state()).isEqualTo(ActionState.HELD);
        assertThat(store.find("act_other").orElseThrow().state()).isEqualTo(ActionState.RUNNING);
        assertThat(store.hold(claimed, stale(), now())).isFalse();
    }

    @Test
    void hold_queuesTheActionDueNow_whenItsConnectionIsActiveAgain() {
        ActionStore store = store();
        connection("c1");
        created(store.create(action("act_1", "c1", null)));
        ClaimedAction claimed = store.claimDue("r", LEASE, 1).getFirst();

        assertThat(store.hold(claimed, stale(), now())).isTrue();

        assertThat(store.find("act_1").orElseThrow().state()).isEqualTo(ActionState.QUEUED);
        assertThat(store.claimDue("r", LEASE, 1)).extracting(c -> c.action().id()).containsExactly("act_1");
    }

    @Test
    void releaseHeld_queuesTheHeldActionsDueNow_andTheyRunInTheirOrder() {
        ActionStore store = store();
        connection("c1");
        makeStale("c1");
        for (int i = 1; i <= 3; i++) {
            created(store.create(action("act_" + i, "c1", null)));
        }

        assertThat(store.releaseHeld("c1", now().minusSeconds(1))).isEqualTo(3);

        assertThat(store.list(new ActionQuery("c1", ActionState.QUEUED, null, 10))).hasSize(3);
        for (int i = 1; i <= 3; i++) {
            ClaimedAction claimed = store.claimDue("r", LEASE, 10).getFirst();
            assertThat(claimed.action().id()).isEqualTo("act_" + i);
            succeed(store, claimed);
        }
        assertThat(store.releaseHeld("c1", now())).isZero();
    }

    @Test
    void replay_queuesAHeldFailedOrExpiredActionAgain_withAFreshExpiry_andLeavesOthersAsTheyAre() {
        ActionStore store = store();
        connection("c1");
        connection("c2");
        Instant created = now().minus(Duration.ofMinutes(30));
        created(store.create(new NewAction("act_failed", "c1", request("x"), null, created,
                created.plus(Duration.ofHours(1)))));
        fail(store, store.claimDue("r", LEASE, 1).getFirst());
        created(store.create(action("act_done", "c2", null)));
        succeed(store, store.claimDue("r", LEASE, 1).getFirst());
        Instant now = now();

        Action replayed = store.replay("act_failed", now).orElseThrow();
        Action unchanged = store.replay("act_done", now).orElseThrow();

        assertThat(replayed.state()).isEqualTo(ActionState.QUEUED);
        assertThat(replayed.nextAttemptAt()).isEqualTo(now);
        assertThat(replayed.expiresAt()).isEqualTo(now.plus(Duration.ofHours(1)));
        assertThat(replayed.finishedAt()).isNull();
        assertThat(replayed.error()).isNotNull();
        assertThat(unchanged.state()).isEqualTo(ActionState.SUCCEEDED);
        assertThat(store.replay("act_missing", now)).isEmpty();
        ClaimedAction again = store.claimDue("r", LEASE, 1).getFirst();
        assertThat(again.action().id()).isEqualTo("act_failed");
        fail(store, again);
        Instant later = now().plusSeconds(5);
        assertThat(store.replay("act_failed", later).orElseThrow().expiresAt()).as("the original lifetime again")
                .isEqualTo(later.plus(Duration.ofHours(1)));
    }

    @Test
    void cancel_cancelsAQueuedOrHeldAction_butNotARunningOrFinishedOne() {
        ActionStore store = store();
        connection("c1");
        connection("c2");
        created(store.create(action("act_run", "c1", null)));
        created(store.create(action("act_queued", "c1", null)));
        ClaimedAction running = store.claimDue("r", LEASE, 1).getFirst();
        makeStale("c2");
        created(store.create(action("act_held", "c2", null)));
        Instant now = now();

        assertThat(store.cancel("act_queued", now).orElseThrow()).satisfies(cancelled -> {
            assertThat(cancelled.state()).isEqualTo(ActionState.CANCELLED);
            assertThat(cancelled.finishedAt()).isEqualTo(now);
        });
        assertThat(store.cancel("act_held", now).orElseThrow().state()).isEqualTo(ActionState.CANCELLED);
        assertThat(store.cancel("act_run", now).orElseThrow().state()).isEqualTo(ActionState.RUNNING);
        assertThat(store.cancel("act_missing", now)).isEmpty();
        assertThat(succeed(store, running)).isTrue();
        assertThat(store.cancel("act_run", now).orElseThrow().state()).isEqualTo(ActionState.SUCCEEDED);
        assertThat(store.replay("act_queued", now).orElseThrow().state()).isEqualTo(ActionState.CANCELLED);
    }

    @Test
    void expireDue_endsQueuedAndHeldActionsPastTheirExpiry_whichAreNeverClaimed() {
        ActionStore store = store();
        connection("c1");
        connection("c2");
        Instant created = now().minus(Duration.ofMinutes(10));
        created(store.create(new NewAction("act_old", "c1", request("x"), null, created, created.plusSeconds(60))));
        created(store.create(action("act_fresh", "c1", null)));
        makeStale("c2");
        created(store.create(new NewAction("act_held", "c2", request("x"), null, created, created.plusSeconds(60))));

        assertThat(store.claimDue("r", LEASE, 10)).isEmpty();
        assertThat(store.expireDue(now(), 10)).isEqualTo(2);

        Action expired = store.find("act_old").orElseThrow();
        assertThat(expired.state()).isEqualTo(ActionState.EXPIRED);
        assertThat(expired.finishedAt()).isNotNull();
        assertThat(expired.error().code()).isEqualTo("expired");
        assertThat(store.find("act_held").orElseThrow().error().cause()).isEqualTo(Cause.GRANT_REVOKED);
        assertThat(store.find("act_fresh").orElseThrow().state()).isEqualTo(ActionState.QUEUED);
        assertThat(store.expireDue(now(), 10)).isZero();
        assertThat(store.claimDue("r", LEASE, 10)).extracting(c -> c.action().id()).containsExactly("act_fresh");
    }

    @Test
    void expireDue_endsARunningActionOnlyOnceItsLeaseRanOut_andItsOldHolderWritesNothing() {
        ActionStore store = store();
        connection("c1");
        created(store.create(action("act_1", "c1", null)));
        ClaimedAction claimed = store.claimDue("r", LEASE, 1).getFirst();
        store.markSending(claimed);
        Instant afterExpiry = now().plus(Duration.ofHours(2));

        assertThat(store.expireDue(afterExpiry, 10)).as("its lease is live").isZero();
        leasesRunOut();
        assertThat(store.expireDue(afterExpiry, 10)).isEqualTo(1);

        assertThat(store.find("act_1").orElseThrow().state()).isEqualTo(ActionState.EXPIRED);
        assertThat(succeed(store, claimed)).isFalse();
        assertThat(store.find("act_1").orElseThrow().state()).isEqualTo(ActionState.EXPIRED);
    }

    @Test
    void purgeFinishedBefore_dropsTheRequestAndAnswerBodies_keepingStateStatusAndError() {
        ActionStore store = store();
        connection("c1");
        connection("c2");
        created(store.create(action("act_done", "c1", null)));
        ClaimedAction claimed = store.claimDue("r", LEASE, 1).getFirst();
        Instant finished = now().minus(Duration.ofDays(2));
        store.finish(claimed, ActionState.SUCCEEDED, new ActionResponse(201, Map.of("x-id", List.of("7")),
                "created".getBytes(StandardCharsets.UTF_8), false), null, finished);
        created(store.create(action("act_queued", "c2", null)));

        assertThat(store.purgeFinishedBefore(finished.minusSeconds(1), 10)).isZero();
        assertThat(store.purgeFinishedBefore(now().minus(Duration.ofDays(1)), 10)).isEqualTo(1);

        Action purged = store.find("act_done").orElseThrow();
        assertThat(purged.request()).isNull();
        assertThat(purged.purgedAt()).isNotNull();
        assertThat(purged.state()).isEqualTo(ActionState.SUCCEEDED);
        assertThat(purged.response().status()).isEqualTo(201);
        assertThat(purged.response().body()).isEmpty();
        assertThat(purged.response().headers()).isEmpty();
        assertThat(purged.fingerprint()).isEqualTo(request("act_done").fingerprint());
        assertThat(store.find("act_queued").orElseThrow().request()).isNotNull();
        assertThat(store.purgeFinishedBefore(now(), 10)).isZero();
        assertThat(store.replay("act_done", now()).orElseThrow().state()).isEqualTo(ActionState.SUCCEEDED);
    }

    @Test
    void list_pagesInCreationOrder_filteredByConnectionAndState() {
        ActionStore store = store();
        connection("c1");
        connection("c2");
        for (int i = 1; i <= 5; i++) {
            created(store.create(action("act_" + i, i % 2 == 0 ? "c2" : "c1", null)));
        }
        store.cancel("act_3", now());

        assertThat(ids(store.list(new ActionQuery(null, null, null, 2)))).containsExactly("act_1", "act_2");
        assertThat(ids(store.list(new ActionQuery(null, null, "act_2", 2)))).containsExactly("act_3", "act_4");
        assertThat(ids(store.list(new ActionQuery(null, null, "act_4", 2)))).containsExactly("act_5");
        assertThat(ids(store.list(new ActionQuery("c1", null, null, 10)))).containsExactly("act_1", "act_3", "act_5");
        assertThat(ids(store.list(new ActionQuery("c1", ActionState.QUEUED, "act_1", 10)))).containsExactly("act_5");
        assertThat(ids(store.list(new ActionQuery(null, ActionState.CANCELLED, null, 10)))).containsExactly("act_3");
        assertThat(store.list(new ActionQuery("c_none", null, null, 10))).isEmpty();
    }

    @Test
    void untilNextDue_isEmptyWithNothingQueued_zeroWhenDue_andWaitsForALiveLease() {
        ActionStore store = store();
        connection("c1");
        assertThat(store.untilNextDue()).isEmpty();
        created(store.create(action("act_1", "c1", null)));

        assertThat(store.untilNextDue()).contains(Duration.ZERO);
        store.claimDue("r", LEASE, 1);
        assertThat(store.untilNextDue()).hasValueSatisfying(until -> assertThat(until).isPositive());
    }

    // ---- helpers

    /** An action of a connection, due a minute ago, expiring in an hour. */
    protected NewAction action(String id, String connectionId, String idempotencyKey) {
        Instant now = now();
        return new NewAction(id, connectionId, request(idempotencyKey == null ? id : idempotencyKey), idempotencyKey,
                now.minusSeconds(60), now.plus(Duration.ofHours(1)));
    }

    /** A request whose path, header and body carry the marker. */
    protected static ActionRequest request(String marker) {
        return new ActionRequest("POST", "/v1/things/" + marker, "q=" + marker,
                Map.of("x-marker", List.of("h-" + marker)), ("body-" + marker).getBytes(StandardCharsets.UTF_8));
    }

    /** Creates an active connection of the provider {@code fake}. */
    protected void connection(String id) {
        Instant now = now();
        TokenSet tokens = new TokenSet(Secret.of("at-" + id), Secret.of("rt-" + id), "Bearer", now,
                now.plus(Duration.ofHours(1)), List.of(), Map.of());
        assertThat(connections().create(ConnectionLifecycle.created(id, PROVIDER, tokens, Map.of(), now, null)))
                .isTrue();
    }

    /** Makes the connection {@code needs_reauth} with the cause {@code grant_revoked}. */
    protected void makeStale(String id) {
        Connection before = connections().find(id).orElseThrow();
        assertThat(connections().commit(ConnectionLifecycle.unrefreshable(before, ConnectionState.NEEDS_REAUTH,
                FailureReason.of("invalid_grant", "the grant was revoked", Cause.GRANT_REVOKED), now()),
                before.generation(), null)).isTrue();
    }

    /** Reconnects the connection, as the connect flow does: active again with new tokens. */
    protected void reactivate(String id) {
        Connection before = connections().find(id).orElseThrow();
        Instant now = now();
        TokenSet tokens = new TokenSet(Secret.of("at2-" + id), Secret.of("rt2-" + id), "Bearer", now,
                now.plus(Duration.ofHours(1)), List.of(), Map.of());
        assertThat(connections().commit(ConnectionLifecycle.reconnected(before, tokens, now, null),
                before.generation(), null)).isTrue();
    }

    protected static Action created(ActionCreation creation) {
        assertThat(creation).isInstanceOf(ActionCreation.Created.class);
        return ((ActionCreation.Created) creation).action();
    }

    protected boolean succeed(ActionStore store, ClaimedAction claimed) {
        return store.finish(claimed, ActionState.SUCCEEDED, new ActionResponse(200, Map.of(), new byte[0], false),
                null, now());
    }

    protected boolean fail(ActionStore store, ClaimedAction claimed) {
        return store.finish(claimed, ActionState.FAILED, new ActionResponse(400, Map.of(), new byte[0], false),
                new ActionError("provider_rejected", null, "the provider answered 400"), now());
    }

    protected static ActionError stale() {
        return new ActionError("connection_stale", Cause.GRANT_REVOKED, "the connection needs a reconnect");
    }

    protected static ClaimedAction claimedOf(List<ClaimedAction> claimed, String id) {
        return claimed.stream().filter(c -> c.action().id().equals(id)).findFirst().orElseThrow();
    }

    private static List<String> ids(List<Action> actions) {
        return actions.stream().map(Action::id).toList();
    }
}
