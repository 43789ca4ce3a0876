package dev.tokenkeeper.core.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.connection.ConnectionEvent.RefreshAttempted;
import dev.tokenkeeper.core.connection.ConnectionEvent.StateChanged;
import dev.tokenkeeper.core.refresh.FailureClass;
import dev.tokenkeeper.core.refresh.FailureReason;
import dev.tokenkeeper.core.refresh.RefreshOutcome;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenMerge;
import dev.tokenkeeper.core.token.TokenSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionLifecycleTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final FailureReason REVOKED = FailureReason.of("invalid_grant", "revoked");
    private static final FailureReason DOWN = FailureReason.of("server_error", "503");

    @Test
    void created_isActiveWithOneCreatedEvent() {
        Transition creation = created();

        assertThat(creation.after().state()).isEqualTo(ConnectionState.ACTIVE);
        assertThat(creation.after().generation()).isEqualTo(1);
        assertThat(types(creation)).containsExactly(EventType.CREATED);
    }

    @Test
    void created_namesNoRefreshTokenInItsEvent_onlyWhenTheAccessTokenExpiresAndNothingCanRenewIt() {
        TokenSet expiring = new TokenSet(Secret.of("at-x"), null, null, T0, T0.plusSeconds(3600), List.of(), Map.of());
        TokenSet everlasting = new TokenSet(Secret.of("at-y"), null, null, T0, null, List.of(), Map.of());

        StateChanged warned = (StateChanged) ConnectionLifecycle.created("c-2", "acme", expiring, Map.of(), T0, null)
                .events().getFirst();
        StateChanged quiet = (StateChanged) ConnectionLifecycle.created("c-3", "acme", everlasting, Map.of(), T0,
                null).events().getFirst();

        assertThat(warned.reason().code()).isEqualTo("no_refresh_token");
        assertThat(warned.reason().cause()).isEqualTo(Cause.NO_REFRESH_TOKEN);
        assertThat(quiet.reason()).isNull();
        assertThat(((StateChanged) created().events().getFirst()).reason()).isNull();
    }

    @Test
    void connectFailed_isFromAndToTheCurrentState_withTheReason() {
        Connection dead = apply(created().after(), new RefreshOutcome.NeedsReauth(REVOKED));
        FailureReason denied = FailureReason.of("access_denied", "declined", Cause.ACCESS_DENIED);

        StateChanged failed = ConnectionLifecycle.connectFailed(dead, denied, T0.plusSeconds(500));

        assertThat(failed.type()).isEqualTo(EventType.CONNECT_FAILED);
        assertThat(failed.type().wireName()).isEqualTo("connect.failed");
        assertThat(failed.from()).isEqualTo(ConnectionState.NEEDS_REAUTH);
        assertThat(failed.to()).isEqualTo(ConnectionState.NEEDS_REAUTH);
        assertThat(failed.reason()).isEqualTo(denied);
        assertThat(failed.at()).isEqualTo(T0.plusSeconds(500));
    }

    @Test
    void afterAttempt_storesTokensAndResetsFailures_whenRefreshed() {
        Connection failing = apply(created().after(), new RefreshOutcome.RetryLater(Duration.ofSeconds(5), DOWN));
        TokenSet fresh = tokens("fresh", T0.plusSeconds(60));

        Transition success = ConnectionLifecycle.afterAttempt(failing, new RefreshOutcome.Refreshed(fresh),
                attempt(failing, null), T0.plusSeconds(61), T0.plusSeconds(3000));

        Connection after = success.after();
        assertThat(after.tokens()).isEqualTo(fresh);
        assertThat(after.refreshCount()).isEqualTo(1);
        assertThat(after.consecutiveFailures()).isZero();
        assertThat(after.lastError()).isNull();
        assertThat(after.lastRefreshedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(after.nextRefreshAt()).isEqualTo(T0.plusSeconds(3000));
        assertThat(after.generation()).isEqualTo(failing.generation() + 1);
        assertThat(success.events()).hasSize(1).first().isInstanceOf(RefreshAttempted.class);
    }

    @Test
    void afterAttempt_emitsRefreshFailedOnlyForTheFirstFailureOfAStreak() {
        Connection once = apply(created().after(), new RefreshOutcome.RetryLater(Duration.ofSeconds(5), DOWN));
        Transition twice = ConnectionLifecycle.afterAttempt(once,
                new RefreshOutcome.RetryLater(Duration.ofSeconds(9), DOWN), attempt(once, FailureClass.RETRYABLE),
                T0.plusSeconds(100), null);

        assertThat(once.consecutiveFailures()).isEqualTo(1);
        assertThat(once.state()).isEqualTo(ConnectionState.ACTIVE);
        assertThat(twice.after().consecutiveFailures()).isEqualTo(2);
        assertThat(twice.after().nextRefreshAt()).isEqualTo(T0.plusSeconds(109));
        assertThat(twice.after().lastError().failureClass()).isEqualTo(FailureClass.RETRYABLE);
        assertThat(types(twice)).isEmpty();
    }

    @Test
    void afterAttempt_movesToNeedsReauthOnce_whenTheGrantIsDead() {
        Connection dead = apply(created().after(), new RefreshOutcome.NeedsReauth(REVOKED));
        Transition again = ConnectionLifecycle.afterAttempt(dead, new RefreshOutcome.NeedsReauth(REVOKED),
                attempt(dead, FailureClass.NEEDS_REAUTH), T0.plusSeconds(100), null);

        assertThat(dead.state()).isEqualTo(ConnectionState.NEEDS_REAUTH);
        assertThat(dead.nextRefreshAt()).isNull();
        assertThat(dead.lastError().reason()).isEqualTo(REVOKED);
        assertThat(types(again)).isEmpty();
        assertThat(again.events()).hasSize(1);
    }

    @Test
    void afterAttempt_movesToMisconfigured_whenTheClientIsRejected() {
        Transition broken = ConnectionLifecycle.afterAttempt(created().after(),
                new RefreshOutcome.Misconfigured(FailureReason.of("invalid_client", "bad secret")),
                attempt(created().after(), FailureClass.MISCONFIGURED), T0.plusSeconds(10), null);

        assertThat(broken.after().state()).isEqualTo(ConnectionState.MISCONFIGURED);
        assertThat(types(broken)).containsExactly(EventType.MISCONFIGURED);
    }

    @Test
    void reconnected_reactivatesAStaleConnectionUnderItsId() {
        Connection dead = apply(created().after(), new RefreshOutcome.NeedsReauth(REVOKED));

        Transition back = ConnectionLifecycle.reconnected(dead, tokens("new", T0.plusSeconds(500)),
                T0.plusSeconds(600), T0.plusSeconds(3000));

        assertThat(back.after().id()).isEqualTo(dead.id());
        assertThat(back.after().state()).isEqualTo(ConnectionState.ACTIVE);
        assertThat(back.after().lastError()).isNull();
        assertThat(types(back)).containsExactly(EventType.REACTIVATED);
    }

    @Test
    void aRefresh_warnsOnce_whenItIsTheFirstToSeeTheRefreshTokensStandingExpiryWithinTheWindow() {
        Instant expiry = T0.plus(Duration.ofDays(30));
        Connection start = ConnectionLifecycle.created("c-rt", "acme", withRefreshTokenExpiry("a", T0, expiry),
                Map.of(), T0, null).after();

        Transition outside = refreshAt(start, T0.plus(Duration.ofDays(20)), null);
        Transition crossing = refreshAt(outside.after(), T0.plus(Duration.ofDays(24)), null);
        Transition again = refreshAt(crossing.after(), T0.plus(Duration.ofDays(25)), null);

        assertThat(types(outside)).as("11 days left").isEmpty();
        assertThat(types(crossing)).as("6 days left, the first refresh inside the window")
                .containsExactly(EventType.REFRESH_TOKEN_EXPIRING);
        StateChanged warning = (StateChanged) crossing.events().get(1);
        assertThat(warning.reason().cause()).isEqualTo(Cause.REFRESH_TOKEN_EXPIRING);
        assertThat(warning.reason().message()).contains(expiry.toString());
        assertThat(warning.from()).isEqualTo(ConnectionState.ACTIVE);
        assertThat(warning.to()).isEqualTo(ConnectionState.ACTIVE);
        assertThat(types(again)).as("once per expiry").isEmpty();
    }

    @Test
    void aRefresh_warnsNot_whenEachRefreshExtendsTheRefreshToken_orItsExpiryIsUnknown() {
        Connection rolling = ConnectionLifecycle.created("c-roll", "acme",
                withRefreshTokenExpiry("a", T0, T0.plus(Duration.ofDays(8))), Map.of(), T0, null).after();
        Instant at = T0.plus(Duration.ofDays(2));
        Transition extended = refreshAt(rolling, at, at.plus(Duration.ofDays(8)));
        Connection unknown = ConnectionLifecycle.created("c-unknown", "acme", tokens("a", T0), Map.of(), T0, null)
                .after();

        assertThat(types(extended)).as("the rotated token's own expiry, later than the old one's").isEmpty();
        assertThat(types(refreshAt(unknown, at, at.plus(Duration.ofDays(1))))).as("no earlier expiry to compare")
                .isEmpty();
    }

    /** A successful refresh sent at {@code at}: the refresh token rotates when {@code newExpiry} is given, else kept. */
    private static Transition refreshAt(Connection before, Instant at, Instant newExpiry) {
        TokenSet answer = new TokenSet(Secret.of("at-" + at), newExpiry == null ? null : Secret.of("rt-" + at), null,
                at, at.plusSeconds(3600), List.of(), Map.of(), newExpiry);
        RefreshAttempted attempt = new RefreshAttempted(before.id(), at, Duration.ofMillis(80),
                "https://acme.example/token", "refresh_token", "client", 200, null, "refreshed", "", List.of(), 1);
        return ConnectionLifecycle.afterAttempt(before,
                new RefreshOutcome.Refreshed(TokenMerge.merge(before.tokens(), answer)), attempt, at, null);
    }

    private static TokenSet withRefreshTokenExpiry(String tag, Instant issuedAt, Instant refreshTokenExpiresAt) {
        return new TokenSet(Secret.of("at-" + tag), Secret.of("rt-" + tag), null, issuedAt,
                issuedAt.plusSeconds(3600), List.of(), Map.of(), refreshTokenExpiresAt);
    }

    @Test
    void backingOff_isTrueOnlyBeforeTheScheduledRetry() {
        Connection failing = apply(created().after(), new RefreshOutcome.RetryLater(Duration.ofSeconds(5), DOWN));

        assertThat(failing.backingOff(T0.plusSeconds(1))).isTrue();
        assertThat(failing.backingOff(T0.plusSeconds(5))).isFalse();
        assertThat(created().after().backingOff(T0)).isFalse();
    }

    private static Connection apply(Connection before, RefreshOutcome outcome) {
        return ConnectionLifecycle.afterAttempt(before, outcome, attempt(before, outcome.failureClass()), T0, null)
                .after();
    }

    private static Transition created() {
        return ConnectionLifecycle.created("c-1", "acme", tokens("first", T0), Map.of(), T0, T0.plusSeconds(3000));
    }

    private static RefreshAttempted attempt(Connection connection, FailureClass outcome) {
        return new RefreshAttempted(connection.id(), T0.plusSeconds(60), Duration.ofMillis(80),
                "https://acme.example/token", "refresh_token", "client", 200, outcome,
                outcome == null ? "refreshed" : "x", "", List.of(), 1);
    }

    private static TokenSet tokens(String tag, Instant issuedAt) {
        return new TokenSet(Secret.of("at-" + tag), Secret.of("rt-" + tag), null, issuedAt,
                issuedAt.plusSeconds(3600), List.of(), Map.of());
    }

    private static List<EventType> types(Transition transition) {
        return transition.events().stream()
                .filter(StateChanged.class::isInstance)
                .map(e -> ((StateChanged) e).type())
                .toList();
    }
}
