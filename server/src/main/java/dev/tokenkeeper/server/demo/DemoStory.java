package dev.tokenkeeper.server.demo;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.port.ConnectionQuery;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.server.Tokenkeeper;
import dev.tokenkeeper.server.auth.AdminKey;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The demo's script, played against a running Tokenkeeper (proactive refresh on): starts the hostile providers,
 * imports the connections over HTTP, then on cue throttles and storms globex, revokes one acme grant at the
 * provider, queues a write for that connection while it is stale (held), reconnects it through a reconnect link (the
 * held write is replayed), and prints a one-line summary every so often.
 * Every line it prints is about connections and counts, never a token.
 */
public final class DemoStory implements AutoCloseable {
    /** How often the reconnect looks again whether the revoked connection is {@code needs_reauth} yet. */
    private static final Duration RECHECK = Duration.ofMillis(500);
    /** How long after the reconnect the demo keeps looking at the held action before it says it did not end. */
    private static final Duration ACTION_PATIENCE = Duration.ofSeconds(60);

    private final Tokenkeeper tokenkeeper;
    private final DemoProviders providers;
    private final DemoApi api;
    private final DemoTimings timings;
    private final PrintStream out;
    private final InstantSource clock;
    private final ScheduledThreadPoolExecutor steps =
            new ScheduledThreadPoolExecutor(2, Thread.ofVirtual().name("demo-step-", 0).factory());
    private volatile boolean closing;
    private volatile Instant start;
    private volatile List<DemoConnection> connections = List.of();
    private volatile DemoConnection revoked;
    private volatile ReconnectOutcome reconnect;
    private volatile DemoAction.Seen heldAction;
    private volatile DemoAction.Seen endedAction;
    private volatile DemoWebhooks webhooks;

    private DemoStory(Tokenkeeper tokenkeeper, DemoProviders providers, DemoTimings timings, PrintStream out,
            InstantSource clock) {
        this.tokenkeeper = tokenkeeper;
        this.providers = providers;
        this.api = new DemoApi(tokenkeeper.baseUrl(), adminKey(tokenkeeper));
        this.timings = timings;
        this.out = out;
        this.clock = clock;
        this.start = clock.instant();
        steps.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Starts the providers, imports {@code connections} connections and schedules the script's steps. */
    public static DemoStory start(Tokenkeeper tokenkeeper, DemoTimings timings, int connections, PrintStream out,
            InstantSource clock) {
        Objects.requireNonNull(timings, "timings");
        if (connections < 2 || connections > ConnectionQuery.MAX_LIMIT) {
            throw new IllegalArgumentException("connections must be from 2 to " + ConnectionQuery.MAX_LIMIT);
        }
        DemoProviders providers = DemoProviders.start(tokenkeeper.parts().providers(), timings.longestToken());
        DemoStory story = new DemoStory(tokenkeeper, providers, timings, out, clock);
        try {
            story.begin(connections);
            return story;
        } catch (RuntimeException | Error e) {
            story.close();
            throw e;
        }
    }

    /** The connections imported, in order. */
    public List<DemoConnection> connections() {
        return connections;
    }

    public DemoProviders providers() {
        return providers;
    }

    /** The connection whose grant was revoked, once it was. */
    public Optional<DemoConnection> revoked() {
        return Optional.ofNullable(revoked);
    }

    /** How the reconnect went, once it was tried. */
    public Optional<ReconnectOutcome> reconnectOutcome() {
        return Optional.ofNullable(reconnect);
    }

    /** The action queued while the revoked connection was stale, as it was first answered. */
    public Optional<DemoAction.Seen> heldAction() {
        return Optional.ofNullable(heldAction);
    }

    /** That action once it ended (after the reconnect). */
    public Optional<DemoAction.Seen> endedAction() {
        return Optional.ofNullable(endedAction);
    }

    /** The summary's numbers now. */
    public DemoTally tally() {
        return DemoTally.take(tokenkeeper.parts().connections().list(ConnectionQuery.all(ConnectionQuery.MAX_LIMIT)),
                providers);
    }

    /** Stops the script and the fake providers (Tokenkeeper keeps running). */
    @Override
    public void close() {
        closing = true;
        steps.shutdown();
        try {
            if (!steps.awaitTermination(5, TimeUnit.SECONDS)) {
                steps.shutdownNow();
            }
        } catch (InterruptedException e) {
            steps.shutdownNow();
            Thread.currentThread().interrupt();
        }
        api.close();
        providers.close();
        if (webhooks != null) {
            webhooks.close();
        }
    }

    private void begin(int count) {
        for (DemoProvider provider : providers.all()) {
            say("provider %s (fake, on %s): %s", provider.key(), provider.fake().apiBaseUrl(), provider.quirks());
        }
        webhooks = DemoWebhooks.start(api, clock, line -> say("%s", line));
        connections = DemoImport.run(api, providers, count, timings, new Random());
        start = clock.instant();
        say("imported %d connections (%s … %s) with %d-%d s access tokens; Tokenkeeper refreshes each at about half"
                + " its lifetime", count, connections.getFirst().id(), connections.getLast().id(),
                timings.shortestToken().toSeconds(), timings.longestToken().toSeconds());
        say("script: every %s globex throttles; at %s a 503 storm at globex; at %s one acme grant is revoked at the"
                + " provider; at %s a write is queued for it and it is reconnected through a reconnect link", seconds(timings.throttleEvery()),
                at(timings.stormAt()), at(timings.revokeAt()), at(timings.reconnectAt()));
        repeat("summary", timings.summaryEvery(), () -> say("%s | %s", tally().line(), webhooks.tally()));
        repeat("throttle", timings.throttleEvery(), this::throttle);
        once("storm", timings.stormAt(), this::storm);
        once("revocation", timings.revokeAt(), this::revokeOne);
        once("reconnect", timings.reconnectAt(), this::reconnectRevoked);
    }

    private void throttle() {
        providers.throttleGlobex(timings.retryAfter());
        say("globex will answer its next %d token requests with 429 Retry-After: %d s; Tokenkeeper waits that long",
                DemoProviders.THROTTLED_REQUESTS, timings.retryAfter().toSeconds());
    }

    private void storm() {
        providers.stormGlobex();
        say("globex is down: its next %d token requests answer 503 with an HTML page; Tokenkeeper retries them with"
                + " backoff and the connections stay active", DemoProviders.STORM_REQUESTS);
    }

    private void revokeOne() {
        Instant soon = clock.instant().plusSeconds(1);
        List<Connection> active = tokenkeeper.parts().connections()
                .list(new ConnectionQuery(DemoProviders.ACME, ConnectionState.ACTIVE, null, ConnectionQuery.MAX_LIMIT));
        // The one refreshed next (but not this very second, when its refresh may be in flight): the story moves on.
        Connection target = active.stream()
                .min(Comparator.comparing(connection -> connection.nextRefreshAt() == null
                        || connection.nextRefreshAt().isBefore(soon) ? Instant.MAX : connection.nextRefreshAt()))
                .orElseThrow(() -> new IllegalStateException("no active acme connection to revoke"));
        DemoConnection chosen = connections.stream().filter(c -> c.id().equals(target.id())).findFirst().orElseThrow();
        providers.get(DemoProviders.ACME).fake().revokeGrant(chosen.grantId());
        revoked = chosen;
        String due = target.nextRefreshAt() == null ? "" : ", due in "
                + Math.max(0, Duration.between(clock.instant(), target.nextRefreshAt()).toSeconds()) + " s";
        say("%s: its user removed the app at acme, which revoked the grant; Tokenkeeper finds out at the next"
                + " refresh%s, and marks it needs_reauth", chosen.id(), due);
    }

    private void reconnectRevoked() {
        DemoConnection target = revoked;
        if (target == null) {
            say("nothing was revoked, so there is nothing to reconnect");
            return;
        }
        ConnectionState state = tokenkeeper.parts().connections().get(target.id()).state();
        Duration late = Duration.between(start.plus(timings.reconnectAt()), clock.instant());
        if (state == ConnectionState.ACTIVE && late.compareTo(timings.longestToken()) < 0) {
            once("reconnect", Duration.between(start, clock.instant()).plus(RECHECK), this::reconnectRevoked);
            return;
        }
        queueWhileStale(target);
        say("%s is %s; reconnecting it as its user would: a reconnect link (POST /v1/connections/%s/reconnect-link),"
                + " opened, approved at the provider, the callback", target.id(), state.wireName(), target.id());
        ReconnectOutcome outcome = Reconnection.run(api, target.id());
        reconnect = outcome;
        switch (outcome.result()) {
            case RECONNECTED -> {
                say("%s reconnected: %s", target.id(), outcome.detail());
                if (heldAction != null) {
                    once("replay", Duration.between(start, clock.instant()).plus(RECHECK),
                            () -> watchReplay(target, clock.instant().plus(ACTION_PATIENCE)));
                }
            }
            case FAILED -> say("reconnect of %s failed: %s", target.id(), outcome.detail());
        }
    }

    /** A write the product makes while the grant is dead: held, not failed, and the provider is not called. */
    private void queueWhileStale(DemoConnection target) {
        StringBuilder refusal = new StringBuilder();
        DemoAction.queue(api, target.id(), refusal).ifPresentOrElse(seen -> {
            heldAction = seen;
            say("%s: the product queues a write (POST /v1/actions): action %s is %s (%s%s); %s is not called while"
                    + " the grant is dead", target.id(), seen.id(), seen.state(), seen.errorCode(),
                    seen.cause() == null ? "" : ", cause " + seen.cause(), target.provider());
        }, () -> say("queueing a write for %s failed: %s", target.id(), refusal));
    }

    /** Looks at the held action until the reconnect's replay ended it, or the patience ran out. */
    private void watchReplay(DemoConnection target, Instant giveUpAt) {
        DemoAction.Seen now = DemoAction.look(api, heldAction.id());
        if (now.isFinal()) {
            endedAction = now;
            say("action %s for %s %s after the reconnect: replayed by Tokenkeeper, HTTP %s from %s, %d attempt%s",
                    now.id(), target.id(), now.state(), now.responseStatus(), target.provider(), now.attempts(),
                    now.attempts() == 1 ? "" : "s");
        } else if (clock.instant().isAfter(giveUpAt)) {
            say("action %s for %s is still %s %d s after the reconnect", now.id(), target.id(), now.state(),
                    ACTION_PATIENCE.toSeconds());
        } else {
            once("replay", Duration.between(start, clock.instant()).plus(RECHECK),
                    () -> watchReplay(target, giveUpAt));
        }
    }

    private void repeat(String name, Duration every, Runnable step) {
        long millis = every.toMillis();
        steps.scheduleAtFixedRate(guarded(name, step), millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code step} once, {@code at} after the script's start. */
    private void once(String name, Duration at, Runnable step) {
        long delay = Math.max(0, at.minus(Duration.between(start, clock.instant())).toMillis());
        steps.schedule(guarded(name, step), delay, TimeUnit.MILLISECONDS);
    }

    /**
     * A failing step says so and the script goes on (an executor would drop its exception silently); once the story
     * is closing, a step cut short is expected and says nothing.
     */
    private Runnable guarded(String name, Runnable step) {
        return () -> {
            try {
                step.run();
            } catch (RuntimeException e) {
                if (!closing) {
                    say("the %s step failed: %s", name, e.getMessage());
                }
            }
        };
    }

    private void say(String format, Object... args) {
        long elapsed = Math.max(0, Duration.between(start, clock.instant()).toSeconds());
        out.printf("[demo +%d:%02d] %s%n", elapsed / 60, elapsed % 60, format.formatted(args));
        out.flush();
    }

    private static String seconds(Duration duration) {
        return duration.toSeconds() + " s";
    }

    private static String at(Duration duration) {
        return "+" + duration.toSeconds() + " s";
    }

    private static Secret adminKey(Tokenkeeper tokenkeeper) {
        Secret configured = tokenkeeper.parts().settings().apiKey();
        return configured != null ? configured : AdminKey.read(tokenkeeper.adminKey().file());
    }
}
