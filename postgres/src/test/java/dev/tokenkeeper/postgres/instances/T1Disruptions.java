package dev.tokenkeeper.postgres.instances;

import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.fake.AfterHang;
import dev.tokenkeeper.fake.FakeProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The T1 chaos schedule over one run: SIGKILL of a random instance every {@link #KILL_EVERY} (replaced), each kill
 * with a provider fault in turn (a burst of 503s, requests that hang past the HTTP deadline and are then answered,
 * requests whose connection is dropped unanswered); one instance frozen with SIGSTOP for {@link #FROZEN} then
 * resumed; every client backend of PostgreSQL terminated once; PostgreSQL stopped and started again once. Each
 * disruption is logged with its time, so that what it excuses can be named.
 */
final class T1Disruptions {
    private static final Logger LOG = LoggerFactory.getLogger(T1Disruptions.class);
    static final Duration KILL_EVERY = Duration.ofSeconds(15);
    static final Duration FROZEN = Duration.ofSeconds(30);
    private static final Duration POSTGRES_DOWN = Duration.ofSeconds(3);
    private static final Duration COMMAND = Duration.ofSeconds(30);
    private static final Duration HANG_PAST_DEADLINE = Duration.ofSeconds(3);
    private static final Pattern CLAIMED = Pattern.compile("claimed=(\\d+)");
    private static final int HANGING_AT_FREEZE = 6;
    private static final Duration HANG_AT_FREEZE = Duration.ofMillis(1500);
    private static final Duration HANG_BEFORE_DROP = Duration.ofMillis(300);

    /** One disruption: when it began, when it ended (the same for a moment's one), and what it was. */
    record Disruption(Instant from, Instant to, String what) {}

    private final Instances instances;
    private final FakeProvider provider;
    private final RestartablePostgres postgres;
    private final Random random;
    private final List<Disruption> log = new CopyOnWriteArrayList<>();
    private final AtomicInteger frozenSlot = new AtomicInteger(-1);
    private final Map<String, Long> claimedAtRestart = new HashMap<>();
    private int kills;
    private int terminatedBackends;
    private Duration frozenFor = Duration.ZERO;
    private Duration postgresDownFor = Duration.ZERO;

    T1Disruptions(Instances instances, FakeProvider provider, RestartablePostgres postgres, long seed) {
        this.instances = instances;
        this.provider = provider;
        this.postgres = postgres;
        this.random = new Random(seed);
    }

    /**
     * Runs the schedule for {@code chaos}: the freeze at 15% of it, the backends terminated at 50%, the restart at
     * 75%, kills throughout. Returns once the last disruption is over (the frozen instance resumed).
     */
    void run(Duration chaos) throws Exception {
        long start = System.nanoTime();
        List<Long> oneOffs = new ArrayList<>(List.of(chaos.toNanos() * 15 / 100, chaos.toNanos() / 2,
                chaos.toNanos() * 3 / 4));
        CompletableFuture<Void> thaw = CompletableFuture.completedFuture(null);
        long nextKill = KILL_EVERY.toNanos();
        while (nextKill < chaos.toNanos() || !oneOffs.isEmpty()) {
            long next = oneOffs.isEmpty() ? nextKill : Math.min(nextKill, oneOffs.getFirst());
            long wait = Math.max(0, start + next - System.nanoTime());
            await().pollDelay(Duration.ofNanos(wait)).atMost(Duration.ofNanos(wait).plusSeconds(1)).until(() -> true);
            if (!oneOffs.isEmpty() && next == oneOffs.getFirst()) {
                switch (3 - oneOffs.size()) {
                    case 0 -> thaw = freeze();
                    case 1 -> terminateBackends();
                    default -> restartPostgres();
                }
                oneOffs.removeFirst();
            } else {
                killOne();
                nextKill += KILL_EVERY.toNanos();
            }
        }
        long rest = Math.max(0, start + chaos.toNanos() - System.nanoTime());
        await().pollDelay(Duration.ofNanos(rest)).atMost(Duration.ofNanos(rest).plusSeconds(1)).until(() -> true);
        thaw.get(FROZEN.plus(COMMAND).toMillis(), TimeUnit.MILLISECONDS);
    }

    private void killOne() {
        int slot;
        do {
            slot = random.nextInt(instances.size());
        } while (slot == frozenSlot.get());
        String fault = fault(kills % 3);
        Instant at = Instant.now();
        instances.kill(slot);
        kills++;
        instances.replace(slot).call("schedule on", COMMAND);
        log.add(new Disruption(at, Instant.now(), "kill -9 of slot " + slot + " with " + fault));
    }

    /** One fault in turn: 503s, hangs past the deadline then answered, hangs then dropped unanswered. */
    private String fault(int which) {
        return switch (which) {
            case 0 -> ChaosChecks.serverErrorsOrHangs(provider, true, HANG_PAST_DEADLINE);
            case 1 -> ChaosChecks.serverErrorsOrHangs(provider, false, HANG_PAST_DEADLINE);
            default -> {
                provider.quirks().hangNextTokenRequests(3, HANG_BEFORE_DROP, AfterHang.DROP);
                yield "dropped connections";
            }
        };
    }

    /**
     * SIGSTOP of a random instance now, SIGCONT {@link #FROZEN} later (from another thread); kills spare it. Token
     * requests hang a moment first, so that the frozen instance most likely holds leases with a refresh in flight:
     * when it resumes, what it then writes comes too late and the fence must refuse it.
     */
    private CompletableFuture<Void> freeze() {
        int slot = random.nextInt(instances.size());
        InstanceProcess frozen = instances.get(slot);
        frozenSlot.set(slot);
        provider.quirks().hangNextTokenRequests(HANGING_AT_FREEZE, HANG_AT_FREEZE, AfterHang.ANSWER);
        try {
            await().atMost(HANG_AT_FREEZE.dividedBy(2)).pollInterval(Duration.ofMillis(10))
                    .until(() -> provider.hangingTokenRequests() >= HANGING_AT_FREEZE / 2);
        } catch (ConditionTimeoutException e) {
            LOG.info("t1: only {} token requests hanging at the freeze", provider.hangingTokenRequests());
        }
        Instant at = Instant.now();
        frozen.signal("STOP");
        LOG.info("t1: {} frozen with SIGSTOP", frozen.instanceId());
        return CompletableFuture.runAsync(() -> {
            frozen.signal("CONT");
            Instant resumed = Instant.now();
            frozenFor = Duration.between(at, resumed);
            log.add(new Disruption(at, resumed, "SIGSTOP of " + frozen.instanceId()));
            LOG.info("t1: {} resumed with SIGCONT after {} ms", frozen.instanceId(), frozenFor.toMillis());
            frozenSlot.set(-1);
        }, CompletableFuture.delayedExecutor(FROZEN.toMillis(), TimeUnit.MILLISECONDS));
    }

    private void terminateBackends() {
        Instant at = Instant.now();
        terminatedBackends = postgres.terminateClientBackends();
        log.add(new Disruption(at, Instant.now(), "pg_terminate_backend of " + terminatedBackends + " backends"));
        LOG.info("t1: {} client backends terminated", terminatedBackends);
    }

    private void restartPostgres() {
        Instant at = Instant.now();
        postgres.restart(POSTGRES_DOWN);
        Instant up = Instant.now();
        for (int slot = 0; slot < instances.size(); slot++) {
            InstanceProcess instance = instances.get(slot);
            claimedAtRestart.put(instance.instanceId(), claimed(instance));
        }
        postgresDownFor = Duration.between(at, up);
        log.add(new Disruption(at, up, "PostgreSQL restart"));
        LOG.info("t1: PostgreSQL stopped and started again in {} ms", postgresDownFor.toMillis());
    }

    /**
     * The instances that ran through the PostgreSQL restart and have claimed nothing since (none, when every one
     * came back by itself), by id; call while they still run.
     */
    List<String> stuckSinceRestart() {
        List<String> stuck = new ArrayList<>();
        for (int slot = 0; slot < instances.size(); slot++) {
            InstanceProcess instance = instances.get(slot);
            Long before = claimedAtRestart.get(instance.instanceId());
            if (before != null && claimed(instance) <= before) {
                stuck.add(instance.instanceId());
            }
        }
        return stuck;
    }

    /** How many instances ran through the PostgreSQL restart. */
    int ranThroughRestart() {
        return claimedAtRestart.size();
    }

    /** The connections the instance's scheduler claimed so far, from its {@code schedule status} answer. */
    private static long claimed(InstanceProcess instance) {
        String answer = instance.call("schedule status", COMMAND);
        Matcher claimed = CLAIMED.matcher(answer);
        if (!claimed.find()) {
            throw new IllegalStateException("no claimed count in: " + answer);
        }
        return Long.parseLong(claimed.group(1));
    }

    int kills() {
        return kills;
    }

    int terminatedBackends() {
        return terminatedBackends;
    }

    Duration frozenFor() {
        return frozenFor;
    }

    Duration postgresDownFor() {
        return postgresDownFor;
    }

    List<Disruption> log() {
        return List.copyOf(log);
    }
}
