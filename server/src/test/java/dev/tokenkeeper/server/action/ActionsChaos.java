package dev.tokenkeeper.server.action;

import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.OpenApiContract;
import dev.tokenkeeper.server.ServiceProcess;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.LoggerFactory;

/**
 * The held-actions chaos run of issue 12, through the HTTP API only: two instances of one deployment (this JVM's
 * service and {@code serve} in a JVM of its own) on one PostgreSQL; connections imported, each its own grant at the
 * fake provider; actions created over the run through both instances, each writing its marker to the fake's
 * {@code /writes}; every grant revoked mid-run (the runners meet dead grants and hold, later creations start held);
 * every connection reconnected through a reconnect link and the fake's login; the other instance killed with SIGKILL
 * during the replay while the fake holds one of its writes unanswered, then started again; and the wait until every
 * action is final.
 * {@link WriteAudit} judges what the fake saw.
 */
final class ActionsChaos {
    private static final int PARALLEL_CALLERS = 8;

    private final ChaosPlan plan;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, IssuedGrant> grants = new LinkedHashMap<>();
    private final ConcurrentLinkedQueue<CreatedAction> created = new ConcurrentLinkedQueue<>();
    private final List<Path> outputs = new ArrayList<>();
    private final LinkReconnect reconnect = new LinkReconnect();
    private TestService service;
    private ServiceProcess other;
    private ApiClient otherApi;

    private ActionsChaos(ChaosPlan plan) {
        this.plan = plan;
    }

    /** Runs the plan on a deployment of its own and judges it. */
    static ChaosReport run(ChaosPlan plan) throws Exception {
        return new ActionsChaos(plan).execute();
    }

    private ChaosReport execute() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        root().addAppender(log);
        // The test's own instance sends one action at a time, so the replay always has work left for the other
        // instance (the one killed) however the claims fall: the kill then always lands on writes in flight.
        try (TestService started = TestService.start(false, UnaryOperator.identity(),
                settings -> settings.withActions(ActionSettings.DEFAULT.withConcurrency(1)))) {
            service = started;
            startOther();
            try {
                return phases(log);
            } finally {
                other.close();
            }
        } finally {
            root().detachAppender(log);
        }
    }

    private ChaosReport phases(ListAppender<ILoggingEvent> log) throws Exception {
        importConnections();
        createActions(0, plan.beforeRevocation());
        Instant revokedAt = Instant.now();
        grants.values().forEach(grant -> provider().revokeGrant(grant.grantId()));
        // one more each, queued: the runners meet the dead grants; then the rest, created while stale, start held
        createActions(plan.beforeRevocation(), plan.beforeRevocation() + 1);
        Instant allStaleAt = awaitAllStale();
        createActions(plan.beforeRevocation() + 1, plan.actionsPerConnection());
        Kill kill = reconnectAll();
        startOther();
        Instant allFinalAt = awaitAllFinal();
        WriteAudit audit = new WriteAudit(List.copyOf(created),
                ActionCalls.listAll(service.api, ""), provider().writes(), noticedAt(revokedAt, allStaleAt));
        List<ILoggingEvent> events;
        synchronized (log) { // the appender appends under its own monitor
            events = List.copyOf(log.list);
        }
        return audit.report(plan, kill.inFlight(), Duration.between(kill.lastReconnectAt(), allFinalAt),
                LogScan.leaks(markerPrefix(), events, outputs));
    }

    /** The kill: the other instance's writes the fake held unanswered then, and when the last reconnect was. */
    private record Kill(List<String> inFlight, Instant lastReconnectAt) {}

    private void importConnections() throws Exception {
        for (int i = 0; i < plan.connections(); i++) {
            grants.put("conn-%03d".formatted(i), provider().issueGrant(FakeProvider.DEFAULT_CLIENT_ID));
        }
        List<String> ids = List.copyOf(grants.keySet());
        inParallel(ids.size(), n -> () -> ActionCalls.importConnection(instance(n), ids.get(n),
                grants.get(ids.get(n))));
    }

    /** Creates actions {@code from} to {@code to} (exclusive) of every connection, each connection's in order. */
    private void createActions(int from, int to) throws Exception {
        List<String> ids = List.copyOf(grants.keySet());
        inParallel(ids.size(), n -> () -> {
            for (int i = from; i < to; i++) {
                String suffix = "%s-%s-%04d".formatted(run, ids.get(n), i);
                created.add(ActionCalls.create(instance(n + i), ids.get(n), i, "mk-" + suffix, "key-" + suffix));
            }
        });
    }

    private Instant awaitAllStale() {
        await("every connection needs_reauth and no action queued or running").atMost(plan.settleBound())
                .pollInterval(Duration.ofSeconds(1)).until(() -> ActionCalls.noneQueuedOrRunning(service.api)
                        && ActionCalls.connectionsIn(service.api, "needs_reauth") == plan.connections());
        return Instant.now();
    }

    /**
     * Reconnects every connection in turn (the first half alternately through both instances, the rest through this
     * JVM's) while the fake holds every write until {@link #watchAndKill} releases it or kills its sender.
     */
    private Kill reconnectAll() throws Exception {
        List<String> ids = List.copyOf(grants.keySet());
        AtomicBoolean armed = new AtomicBoolean();
        provider().holdWrites();
        try (ExecutorService watcher = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<String>> killed = watcher.submit(() -> watchAndKill(armed));
            try {
                for (int n = 0; n < ids.size(); n++) {
                    boolean firstHalf = (n + 1) * 2 <= ids.size();
                    reconnect.reconnect(firstHalf && n % 2 == 1 ? otherApi : service.api, ids.get(n),
                            grants.get(ids.get(n)).subject());
                    armed.set(!firstHalf || (n + 1) * 2 == ids.size());
                }
            } catch (RuntimeException | Error failed) {
                killed.cancel(true);
                throw failed;
            }
            Instant lastReconnectAt = Instant.now();
            return new Kill(killed.get(), lastReconnectAt);
        } finally {
            provider().stopHoldingWrites();
        }
    }

    /**
     * Every 100 ms: until armed, answers the writes the fake holds, so the replay goes on; once armed, answers none
     * until the fake holds a write of the other instance, then kills that instance (SIGKILL) and answers them all.
     * Holding every write once armed keeps the test's own instance (one action at a time) from finishing the replay
     * alone. Kills it anyway (nothing in flight) when the settle bound passes first.
     */
    private List<String> watchAndKill(AtomicBoolean armed) {
        List<String> inFlight;
        try {
            inFlight = await("a write of the other instance held by the provider").atMost(plan.settleBound())
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        if (!armed.get()) {
                            provider().releaseHeldWrites();
                            return List.<String>of();
                        }
                        return otherInFlight();
                    }, markers -> !markers.isEmpty());
        } catch (ConditionTimeoutException none) {
            inFlight = List.of();
        }
        other.kill();
        provider().stopHoldingWrites();
        return inFlight;
    }

    /**
     * The markers of writes the fake holds unanswered whose action the other instance runs (read from the lease
     * columns every work table has, as {@code WebhookInstanceKillTest} does: the HTTP API does not say who runs what).
     */
    private List<String> otherInFlight() {
        Set<String> unanswered = new HashSet<>();
        provider().unansweredWrites().stream().filter(write -> write.accepted() && write.marker() != null)
                .forEach(write -> unanswered.add(write.marker()));
        Set<String> leased = leasedBy(other.pid());
        return created.stream().filter(action -> leased.contains(action.id()) && unanswered.contains(action.marker()))
                .map(CreatedAction::marker).toList();
    }

    private Set<String> leasedBy(long pid) {
        return service.tokenkeeper.parts().storage().database().withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select id from actions where state = 'running' and lease_holder like ?")) {
                select.setString(1, "%/" + pid + "/%");
                Set<String> ids = new HashSet<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
                return ids;
            }
        });
    }

    private Instant awaitAllFinal() {
        await("every action final").atMost(plan.settleBound()).pollInterval(Duration.ofSeconds(1))
                .until(() -> ActionCalls.listAll(service.api, "").stream()
                        .filter(action -> ActionCalls.isFinal(action.path("state").asText())).count()
                        >= plan.actions());
        return Instant.now();
    }

    /**
     * When Tokenkeeper noticed each revoked grant: its first refused refresh after the revocation (else when the
     * harness saw every connection stale).
     */
    private Map<String, Instant> noticedAt(Instant revokedAt, Instant allStaleAt) {
        Map<String, Instant> noticed = new LinkedHashMap<>();
        for (IssuedGrant grant : grants.values()) {
            noticed.put(grant.grantId(), provider().history(grant.grantId()).stream()
                    .filter(request -> request.isRefresh() && !request.succeeded()
                            && !request.receivedAt().isBefore(revokedAt))
                    .map(request -> request.receivedAt()).min(Instant::compareTo).orElse(allStaleAt));
        }
        return noticed;
    }

    private void startOther() {
        other = ServiceProcess.start(service);
        otherApi = other.api(service).observedBy(OpenApiContract.shipped().responseChecker());
        outputs.add(other.output());
    }

    /** Alternates between the two instances (both run while actions are created). */
    private ApiClient instance(int n) {
        return n % 2 == 0 ? service.api : otherApi;
    }

    private void inParallel(int tasks, IntFunction<Runnable> task) throws Exception {
        Semaphore parallel = new Semaphore(PARALLEL_CALLERS);
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int n = 0; n < tasks; n++) {
                Runnable one = task.apply(n);
                done.add(callers.submit(() -> {
                    parallel.acquire();
                    try {
                        one.run();
                    } finally {
                        parallel.release();
                    }
                    return null;
                }));
            }
            for (Future<?> one : done) {
                one.get();
            }
        }
    }

    private String markerPrefix() {
        return "mk-" + run + "-";
    }

    private FakeProvider provider() {
        return service.provider;
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
