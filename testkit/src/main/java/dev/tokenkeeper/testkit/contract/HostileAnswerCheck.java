package dev.tokenkeeper.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionEvent.RefreshAttempted;
import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.connection.StorableText;
import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.core.port.RefreshLease;
import dev.tokenkeeper.core.provider.ClientAuth;
import dev.tokenkeeper.core.provider.ErrorExpression;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.refresh.Backoff;
import dev.tokenkeeper.core.refresh.FailureReason;
import dev.tokenkeeper.core.refresh.JdkHttpTokenEndpoint;
import dev.tokenkeeper.core.refresh.RefreshEngine;
import dev.tokenkeeper.core.refresh.RefreshSettings;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.testkit.clock.SettableClock;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.HostileAnswer;
import dev.tokenkeeper.fake.IssuedGrant;
import dev.tokenkeeper.memory.InMemoryProviderDirectory;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The whole refresh path against hostile answers (provider answer → classification → storage → schedule), for any
 * store: one connection, a seeded run of {@link HostileAnswer}s served by a real {@link FakeProvider}, and an engine on
 * a clock the check moves by hand. After every answer: nothing was thrown, exactly one token request was made, the
 * attempt was recorded with only storable text and without {@code internal_error} (the store took it), a revoking
 * answer made the grant {@code needs_reauth}, and a retry is never scheduled sooner than the backoff floor; until that
 * time comes, asking again makes no request (at most one token request per backoff step). An answer the client could
 * not read (a timeout or a broken exchange, such as a header it cannot parse) may have rotated the refresh token: the
 * next step sends nothing and ends the grant as {@code refresh_interrupted} (rotation, no grace, no introspection).
 */
public final class HostileAnswerCheck {
    /** How many answers one seed serves at most (fewer when the connection goes stale). */
    public static final int STEPS = 6;

    private static final String PROVIDER = "hostile";
    private static final String EXPRESSION = """
            body.ok = false
              ? {"class": body.error = "ratelimited" ? "retryable" : "needs_reauth", "code": body.error,
                 "message": body.error_description}
              : null""";

    /** A store and its lease, as one instance holds them. */
    public record Deployment(ConnectionStore store, RefreshLease leases) {}

    private final FakeProvider provider;
    private final Function<InstantSource, Deployment> deploy;

    /**
     * @param provider the fake provider every seed's grant is minted at
     * @param deploy   makes a store and lease over the given clock (the store may be shared between seeds)
     */
    public HostileAnswerCheck(FakeProvider provider, Function<InstantSource, Deployment> deploy) {
        this.provider = provider;
        this.deploy = deploy;
    }

    /** Seeds for a parameterized test. */
    public static Stream<Long> seeds(int count) {
        return Stream.iterate(1L, seed -> seed + 1).limit(count);
    }

    /** Runs one seed's answers on a new connection whose id names the seed. */
    public void check(String id, long seed) {
        Instant start = Instant.now();
        SettableClock clock = new SettableClock(() -> start);
        Deployment deployment = deploy.apply(clock);
        InMemoryProviderDirectory providers = new InMemoryProviderDirectory().put(config(seed % 3 == 0));
        RefreshSettings settings = RefreshSettings.defaults("hostile-" + seed);
        Backoff backoff = settings.backoff();
        SplittableRandom random = new SplittableRandom(seed);
        IssuedGrant grant = importExpired(deployment.store(), id, clock.instant());
        try (JdkHttpTokenEndpoint endpoint = new JdkHttpTokenEndpoint(clock)) {
            RefreshEngine engine = new RefreshEngine(deployment.store(), deployment.leases(), providers, endpoint,
                    clock, settings, new Random(seed));
            for (int step = 0; step < STEPS; step++) {
                HostileAnswer answer = HostileAnswer.draw(random, clock.instant());
                String what = "seed " + seed + " step " + step + ": " + answer;
                Connection before = stored(deployment, id);
                long calls = provider.refreshCount(grant.grantId());
                int attempts = attempts(deployment, id).size();
                answer.serveNext(provider.grantQuirks(grant.grantId()));

                assertThatCode(() -> engine.freshToken(id)).as(what).doesNotThrowAnyException();

                Connection after = stored(deployment, id);
                if (unanswered(before)) {
                    // The last request got no readable answer (the client could not even parse the headers), so the
                    // provider may have rotated the refresh token: with rotation, no reuse grace and no
                    // introspection, the crash-window rules end the grant as refresh_interrupted without resending.
                    assertThat(provider.refreshCount(grant.grantId())).as(what + ": not resent").isEqualTo(calls);
                    assertThat(after.state()).as(what + ": interrupted").isEqualTo(ConnectionState.NEEDS_REAUTH);
                    assertThat(after.lastError().reason().code()).as(what).isEqualTo("refresh_interrupted");
                    return;
                }
                assertThat(provider.refreshCount(grant.grantId())).as(what + ": calls").isEqualTo(calls + 1);
                List<RefreshAttempted> recorded = attempts(deployment, id);
                assertThat(recorded).as(what + ": the attempt is recorded").hasSize(attempts + 1);
                assertRecordStorable(recorded.getLast(), what);
                assertReasonStorable(after, what);
                if (answer.revokes()) {
                    assertThat(after.state()).as(what + ": a revoked grant").isEqualTo(ConnectionState.NEEDS_REAUTH);
                }
                if (after.state().isStale()) {
                    engine.freshToken(id);
                    assertThat(provider.refreshCount(grant.grantId())).as(what + ": stale, not called").isEqualTo(
                            calls + 1);
                    return;
                }
                if (!waitForNextStep(engine, clock, backoff, before, after, grant, what)) {
                    return;
                }
            }
        }
    }

    /**
     * Checks the schedule after one answer and moves the clock to when the next request may go.
     *
     * @return false when no further request can come (the token's expiry is unknown)
     */
    private boolean waitForNextStep(RefreshEngine engine, SettableClock clock, Backoff backoff, Connection before,
            Connection after, IssuedGrant grant, String what) {
        long calls = provider.refreshCount(grant.grantId());
        Instant now = clock.instant();
        Instant next;
        if (after.consecutiveFailures() > 0) {
            assertThat(after.nextRefreshAt()).as(what + ": the retry waits at least the backoff floor")
                    .isAfterOrEqualTo(now.plus(backoff.floor(before.consecutiveFailures())));
            next = after.nextRefreshAt();
        } else {
            Instant expiresAt = after.tokens().expiresAt();
            if (expiresAt == null) {
                return false;
            }
            next = expiresAt;
        }
        for (int again = 0; again < 3; again++) {
            engine.freshToken(after.id());
        }
        Duration untilNext = Duration.between(now, next);
        if (untilNext.compareTo(Duration.ofMillis(2)) > 0) {
            clock.advance(untilNext.minusMillis(1));
            engine.freshToken(after.id());
        }
        assertThat(provider.refreshCount(grant.grantId())).as(what + ": no call before the next step").isEqualTo(calls);
        clock.advance(Duration.between(clock.instant(), next).plusSeconds(1));
        return true;
    }

    /** Whether the connection's last attempt sent its request and got no answer it could read (a lost answer). */
    private static boolean unanswered(Connection connection) {
        return connection.lastError() != null
                && List.of("timeout", "io_error").contains(connection.lastError().reason().code());
    }

    private static void assertRecordStorable(RefreshAttempted attempt, String what) {
        assertThat(attempt.code()).as(what + ": the store took the attempt").isNotEqualTo("internal_error");
        Stream.concat(Stream.of(attempt.url(), attempt.code(), attempt.responseBody()), attempt.notes().stream())
                .forEach(text -> assertThat(StorableText.unstorable(text)).as(what + ": storable " + text).isZero());
    }

    private static void assertReasonStorable(Connection after, String what) {
        if (after.lastError() == null) {
            return;
        }
        FailureReason reason = after.lastError().reason();
        Stream.of(reason.code(), reason.message(), reason.providerError(), reason.providerDescription(),
                reason.providerSubcode()).forEach(text -> assertThat(StorableText.unstorable(text)).as(what).isZero());
        assertThat(StorableText.unstorable(after.tokens().tokenType())).as(what).isZero();
    }

    private static Connection stored(Deployment deployment, String id) {
        return deployment.store().find(id).orElseThrow();
    }

    private static List<RefreshAttempted> attempts(Deployment deployment, String id) {
        return deployment.store().events(id, 1_000).stream().filter(RefreshAttempted.class::isInstance)
                .map(RefreshAttempted.class::cast).toList();
    }

    private IssuedGrant importExpired(ConnectionStore store, String id, Instant now) {
        IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");
        TokenSet tokens = new TokenSet(Secret.of(grant.accessToken()), Secret.of(grant.refreshToken()), "Bearer",
                now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)), List.of("read"), Map.of());
        if (!store.create(ConnectionLifecycle.created(id, PROVIDER, tokens, Map.of(), now, null))) {
            throw new IllegalStateException("connection exists: " + id);
        }
        return grant;
    }

    private ProviderConfig config(boolean withExpression) {
        return ProviderConfig.builder(PROVIDER)
                .tokenUrl(provider.tokenUrl())
                .clientId(FakeProvider.DEFAULT_CLIENT_ID)
                .clientSecret(Secret.of(FakeProvider.DEFAULT_CLIENT_SECRET))
                .clientAuth(ClientAuth.CLIENT_SECRET_BASIC)
                .errorExpression(withExpression ? ErrorExpression.compile(EXPRESSION) : null)
                .build();
    }
}
