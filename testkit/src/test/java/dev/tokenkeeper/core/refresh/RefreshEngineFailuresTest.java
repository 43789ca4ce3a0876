package dev.tokenkeeper.core.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.core.connection.ConnectionEvent;
import dev.tokenkeeper.core.connection.ConnectionEvent.StateChanged;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.connection.EventType;
import dev.tokenkeeper.core.provider.ExpiresInUnit;
import dev.tokenkeeper.core.provider.RotationSettings;
import dev.tokenkeeper.core.provider.TokenResponseSettings;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.fake.AfterHang;
import dev.tokenkeeper.fake.ClientRejection;
import dev.tokenkeeper.fake.ExpiresStyle;
import dev.tokenkeeper.fake.RefreshTokenPolicy;
import dev.tokenkeeper.fake.TokenErrorStyle;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each failure a provider throws at a refresh, thrown by the fake provider over real HTTP. */
class RefreshEngineFailuresTest {
    private final EngineFixture fixture = new EngineFixture();
    private final RefreshEngine engine = fixture.engine("instance-0");

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void freshToken_servesTheStoredToken_withoutCallingTheProvider_whenFresh() {
        EngineFixture.Imported imported = fixture.importGrant("fresh-1");

        TokenAnswer answer = engine.freshToken(imported.id());

        assertThat(answer).isInstanceOfSatisfying(TokenAnswer.Fresh.class, fresh -> assertThat(
                fresh.tokens().accessToken()).isEqualTo(Secret.of(imported.grant().accessToken())));
        assertThat(fixture.provider.tokenRequestCount()).isZero();
    }

    @Test
    void freshToken_answersNotFound_forAnUnknownId() {
        assertThat(engine.freshToken("nope")).isEqualTo(new TokenAnswer.NotFound("nope"));
        assertThat(engine.refresh("nope")).isEqualTo(new TokenAnswer.NotFound("nope"));
    }

    @Test
    void freshToken_marksNeedsReauthOnce_andStopsCallingTheProvider_whenTheGrantIsRevoked() {
        EngineFixture.Imported imported = fixture.importExpired("revoked-1");
        fixture.provider.revokeGrant(imported.grantId());

        TokenAnswer first = engine.freshToken(imported.id());
        TokenAnswer second = engine.freshToken(imported.id());
        TokenAnswer forced = engine.refresh(imported.id());

        assertThat(first).isInstanceOfSatisfying(TokenAnswer.Stale.class, stale -> {
            assertThat(stale.state()).isEqualTo(ConnectionState.NEEDS_REAUTH);
            assertThat(stale.lastError().reason().code()).isEqualTo("invalid_grant");
            assertThat(stale.lastError().reason().providerStatus()).isEqualTo(400);
        });
        assertThat(second).isEqualTo(first);
        assertThat(forced).isEqualTo(first);
        assertThat(fixture.provider.refreshCount(imported.grantId())).isEqualTo(1);
        assertThat(transitions(imported.id())).containsExactly(EventType.CREATED, EventType.NEEDS_REAUTH);
        assertThat(fixture.stored(imported.id()).nextRefreshAt()).isNull();
    }

    @Test
    void freshToken_marksNeedsReauth_whenSlackAnswers200WithOkFalse() {
        fixture.provider.quirks().tokenErrorStyle(TokenErrorStyle.SLACK);
        EngineFixture.Imported imported = fixture.importExpired("slack-1");
        fixture.provider.revokeGrant(imported.grantId());

        TokenAnswer answer = engine.freshToken(imported.id());

        assertThat(answer).isInstanceOfSatisfying(TokenAnswer.Stale.class, stale -> {
            assertThat(stale.state()).isEqualTo(ConnectionState.NEEDS_REAUTH);
            assertThat(stale.lastError().reason().providerError()).isEqualTo("invalid_auth");
            assertThat(stale.lastError().reason().providerStatus()).isEqualTo(200);
        });
    }

    @Test
    void freshToken_keepsTheMicrosoftCode_whenTheGrantExpiredForInactivity() {
        EngineFixture.Imported imported = fixture.importExpired("ms-1");
        fixture.provider.quirks().failNextTokenRequests(1, 400, Map.of("Content-Type", "application/json"), """
                {"error":"invalid_grant","error_description":"AADSTS700082: The refresh token has expired due to \
                inactivity. The token was issued on 2026-01-01T00:00:00Z and was inactive for 90.00:00:00.",\
                "error_codes":[700082],"timestamp":"2026-04-01 00:00:00Z"}""");

        TokenAnswer answer = engine.freshToken(imported.id());

        assertThat(answer).isInstanceOfSatisfying(TokenAnswer.Stale.class, stale -> {
            assertThat(stale.state()).isEqualTo(ConnectionState.NEEDS_REAUTH);
            assertThat(stale.lastError().reason().providerSubcode()).isEqualTo("AADSTS700082");
        });
    }

    @ParameterizedTest
    @EnumSource(ClientRejection.class)
    void freshToken_marksMisconfigured_whenTheClientSecretIsWrong(ClientRejection rejection) {
        fixture.provider.quirks().wrongSecretAnswer(rejection);
        fixture.providers.put(fixture.config(b -> b.clientSecret(Secret.of("wrong-secret"))));
        EngineFixture.Imported imported = fixture.importExpired("wrong-secret-1");

        TokenAnswer answer = engine.freshToken(imported.id());
        TokenAnswer again = engine.freshToken(imported.id());

        assertThat(answer).isInstanceOfSatisfying(TokenAnswer.Stale.class, stale -> {
            assertThat(stale.state()).isEqualTo(ConnectionState.MISCONFIGURED);
            assertThat(stale.lastError().reason().code()).isEqualTo(
                    rejection == ClientRejection.INVALID_CLIENT ? "invalid_client" : "unauthorized_client");
        });
        assertThat(again).isEqualTo(answer);
        assertThat(fixture.provider.tokenRequestCount()).isEqualTo(1);
    }

    @Test
    void freshToken_marksMisconfigured_whenTheClientMayNotRefresh() {
        fixture.provider.quirks().refuseRefresh(true);
        EngineFixture.Imported imported = fixture.importExpired("refused-1");

        TokenAnswer answer = engine.freshToken(imported.id());

        assertThat(answer).isInstanceOfSatisfying(TokenAnswer.Stale.class, stale -> assertThat(stale.state())
                .isEqualTo(ConnectionState.MISCONFIGURED));
    }

    @Test
    void freshToken_keepsTheOldRefreshToken_whenTheProviderOmitsIt() {
        fixture.provider.quirks().omitRefreshTokenOnRefresh(true);
        EngineFixture.Imported imported = fixture.importExpired("google-1");

        TokenAnswer first = engine.freshToken(imported.id());
        TokenAnswer second = engine.refresh(imported.id());

        assertThat(first).isInstanceOf(TokenAnswer.Fresh.class);
        assertThat(second).isInstanceOf(TokenAnswer.Fresh.class);
        assertThat(fixture.stored(imported.id()).tokens().refreshToken())
                .isEqualTo(Secret.of(imported.grant().refreshToken()));
        assertThat(fixture.provider.refreshCount(imported.grantId())).isEqualTo(2);
    }

    @Test
    void freshToken_storesTheRotatedRefreshToken_whenTheProviderRotates() {
        fixture.provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true);
        EngineFixture.Imported imported = fixture.importExpired("rotating-1");

        engine.freshToken(imported.id());
        engine.refresh(imported.id());

        assertThat(fixture.stored(imported.id()).tokens().refreshToken()).isEqualTo(
                Secret.of(fixture.provider.currentRefreshToken(imported.grantId()).orElseThrow()));
        assertThat(fixture.provider.anyGrantRevoked()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = ExpiresStyle.class, names = {"SECONDS", "SECONDS_STRING", "MILLISECONDS", "EXPIRES_FIELD",
            "EXPIRES_AT"})
    void refresh_storesTheAbsoluteExpiry_whateverTheExpiresStyle(ExpiresStyle style) {
        fixture.provider.quirks().expiresStyle(style).accessTokenLifetime(Duration.ofHours(1));
        if (style == ExpiresStyle.MILLISECONDS) {
            fixture.providers.put(fixture.config(b -> b.tokenResponse(
                    new TokenResponseSettings(ExpiresInUnit.MILLISECONDS, null))));
        }
        EngineFixture.Imported imported = fixture.importGrant("expiry-" + style);
        Instant before = fixture.clock.instant();

        engine.refresh(imported.id());

        TokenSet tokens = fixture.stored(imported.id()).tokens();
        assertThat(tokens.expiresAt()).isBetween(before.plus(Duration.ofMinutes(59)),
                fixture.clock.instant().plus(Duration.ofMinutes(61)));
        assertThat(fixture.stored(imported.id()).nextRefreshAt())
                .isBetween(tokens.expiresAt().minusSeconds(180), tokens.expiresAt().minusSeconds(60));
    }

    @Test
    void refresh_leavesExpiryUnknownAndSchedulesNothing_whenTheProviderStatesNone() {
        fixture.provider.quirks().expiresStyle(ExpiresStyle.MISSING);
        EngineFixture.Imported imported = fixture.importGrant("no-expiry-1");

        engine.refresh(imported.id());

        assertThat(fixture.stored(imported.id()).tokens().expiresAt()).isNull();
        assertThat(fixture.stored(imported.id()).nextRefreshAt()).isNull();
    }

    @Test
    void freshToken_waitsForRetryAfter_whenRateLimited() {
        EngineFixture.Imported imported = fixture.importExpired("throttled-1");
        fixture.provider.quirks().throttleNextTokenRequests(1, Duration.ofSeconds(120));
        Instant before = fixture.clock.instant();

        TokenAnswer first = engine.freshToken(imported.id());
        TokenAnswer second = engine.freshToken(imported.id());
        TokenAnswer forced = engine.refresh(imported.id());

        assertThat(first).isInstanceOfSatisfying(TokenAnswer.Unavailable.class, later -> {
            assertThat(later.reason().code()).isEqualTo("rate_limited");
            assertThat(later.retryAt()).isAfter(before.plusSeconds(119));
        });
        assertThat(second).isInstanceOf(TokenAnswer.Unavailable.class);
        assertThat(forced).isInstanceOf(TokenAnswer.Unavailable.class);
        assertThat(fixture.provider.tokenRequestCount()).isEqualTo(1);
        assertThat(fixture.stored(imported.id()).state()).isEqualTo(ConnectionState.ACTIVE);
    }

    @Test
    void freshToken_recoversAfterBackoff_whenA5xxBurstEnds() {
        EngineFixture.Imported imported = fixture.importExpired("storm-1");
        fixture.provider.quirks().serverErrorNextTokenRequests(2, 503, true);

        TokenAnswer first = engine.freshToken(imported.id());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(
                () -> engine.freshToken(imported.id()) instanceof TokenAnswer.Fresh);

        assertThat(first).isInstanceOfSatisfying(TokenAnswer.Unavailable.class,
                later -> assertThat(later.reason().code()).isEqualTo("server_error"));
        assertThat(fixture.provider.tokenRequestCount()).isEqualTo(3);
        assertThat(fixture.stored(imported.id()).consecutiveFailures()).isZero();
        assertThat(transitions(imported.id())).containsExactly(EventType.CREATED, EventType.REFRESH_FAILED);
    }

    @Test
    void freshToken_servesTheStillValidToken_whileARefreshFailureBacksOff() {
        Instant now = fixture.clock.instant();
        var grant = fixture.provider.issueGrant(dev.tokenkeeper.fake.FakeProvider.DEFAULT_CLIENT_ID);
        TokenSet almostExpired = new TokenSet(Secret.of(grant.accessToken()), Secret.of(grant.refreshToken()), null,
                now.minusSeconds(3590), now.plusSeconds(10), List.of(), Map.of());
        fixture.importTokens("almost-1", almostExpired);
        fixture.provider.quirks().serverErrorNextTokenRequests(1, 502, false);

        TokenAnswer answer = engine.freshToken("almost-1");

        assertThat(answer).isInstanceOfSatisfying(TokenAnswer.Fresh.class,
                fresh -> assertThat(fresh.tokens()).isEqualTo(almostExpired));
        assertThat(fixture.stored("almost-1").lastError().failureClass()).isEqualTo(FailureClass.RETRYABLE);
    }

    @Test
    void freshToken_givesUpAtTheDeadline_whenTheProviderHangs() {
        RefreshEngine impatient = fixture.engine(RefreshSettings.defaults("impatient")
                .withTimings(Duration.ofMillis(300), Duration.ofSeconds(2)));
        EngineFixture.Imported imported = fixture.importExpired("hang-1");
        fixture.provider.quirks().hangNextTokenRequestsUntilClose(1);

        TokenAnswer answer = impatient.freshToken(imported.id());

        assertThat(answer).isInstanceOfSatisfying(TokenAnswer.Unavailable.class,
                later -> assertThat(later.reason().code()).isEqualTo("timeout"));
    }

    @Test
    void freshToken_recovers_whenARotationAnsweredAfterTheDeadlineAndTheProviderHasAGracePeriod() {
        fixture.provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true)
                .reuseGracePeriod(Duration.ofSeconds(60));
        // the config says so too: only a grace period Tokenkeeper knows of makes resending a timed-out request safe
        fixture.providers.put(fixture.config(b -> b.rotation(new RotationSettings(true, Duration.ofSeconds(60)))));
        RefreshEngine impatient = fixture.engine(RefreshSettings.defaults("impatient")
                .withTimings(Duration.ofMillis(300), Duration.ofSeconds(2)));
        EngineFixture.Imported imported = fixture.importExpired("late-1");
        fixture.provider.quirks().hangNextTokenRequests(1, Duration.ofMillis(600), AfterHang.ANSWER);

        TokenAnswer timedOut = impatient.freshToken(imported.id());
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.provider.refreshCount(imported.grantId()) == 1
                && fixture.provider.hangingTokenRequests() == 0);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(
                () -> impatient.freshToken(imported.id()) instanceof TokenAnswer.Fresh);

        assertThat(timedOut).isInstanceOf(TokenAnswer.Unavailable.class);
        assertThat(fixture.provider.anyGrantRevoked()).isFalse();
        assertThat(fixture.stored(imported.id()).tokens().refreshToken()).isEqualTo(
                Secret.of(fixture.provider.currentRefreshToken(imported.grantId()).orElseThrow()));
    }

    @Test
    void freshToken_retriesLater_whenA200HasNoAccessToken() {
        EngineFixture.Imported imported = fixture.importExpired("empty-1");
        fixture.provider.quirks().failNextTokenRequests(1, 200, Map.of("Content-Type", "application/json"),
                "{\"token_type\":\"bearer\",\"expires_in\":3600}");

        TokenAnswer answer = engine.freshToken(imported.id());

        assertThat(answer).isInstanceOfSatisfying(TokenAnswer.Unavailable.class,
                later -> assertThat(later.reason().code()).isEqualTo("missing_access_token"));
        assertThat(fixture.stored(imported.id()).tokens()).isEqualTo(imported.connection().tokens());
    }

    @Test
    void freshToken_marksNeedsReauth_whenAnExpiredTokenHasNoRefreshToken() {
        Instant now = fixture.clock.instant();
        fixture.importTokens("no-rt-1", new TokenSet(Secret.of("at"), null, null, now.minusSeconds(7200),
                now.minusSeconds(3600), List.of(), Map.of()));

        TokenAnswer answer = engine.freshToken("no-rt-1");

        assertThat(answer).isInstanceOfSatisfying(TokenAnswer.Stale.class,
                stale -> assertThat(stale.lastError().reason().code()).isEqualTo("no_refresh_token"));
        assertThat(fixture.provider.tokenRequestCount()).isZero();
    }

    @Test
    void freshToken_marksMisconfigured_whenTheProviderIsNotConfigured() {
        Instant now = fixture.clock.instant();
        var creation = dev.tokenkeeper.core.connection.ConnectionLifecycle.created("orphan-1", "gone",
                new TokenSet(Secret.of("at"), Secret.of("rt"), null, now.minusSeconds(7200), now.minusSeconds(3600),
                        List.of(), Map.of()), Map.of(), now, null);
        fixture.store.create(creation);

        TokenAnswer answer = engine.freshToken("orphan-1");

        assertThat(answer).isInstanceOfSatisfying(TokenAnswer.Stale.class, stale -> {
            assertThat(stale.state()).isEqualTo(ConnectionState.MISCONFIGURED);
            assertThat(stale.lastError().reason().code()).isEqualTo("unknown_provider");
        });
    }

    @Test
    void refreshAttempts_areRecordedWithoutAnyTokenOrSecret() {
        fixture.provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE);
        EngineFixture.Imported imported = fixture.importExpired("redacted-1");
        engine.freshToken(imported.id());
        fixture.provider.revokeGrant(imported.grantId());
        engine.refresh(imported.id());

        List<ConnectionEvent> events = fixture.store.events(imported.id(), 100);

        String timeline = events.toString();
        assertThat(events).filteredOn(ConnectionEvent.RefreshAttempted.class::isInstance).hasSize(2);
        assertThat(timeline)
                .doesNotContain(imported.grant().refreshToken())
                .doesNotContain(fixture.provider.currentAccessToken(imported.grantId()).orElse("none"))
                .doesNotContain(fixture.stored(imported.id()).tokens().refreshToken().reveal())
                .doesNotContain(fixture.stored(imported.id()).tokens().accessToken().reveal())
                .doesNotContain(dev.tokenkeeper.fake.FakeProvider.DEFAULT_CLIENT_SECRET);
    }

    private List<EventType> transitions(String id) {
        return fixture.store.events(id, 100).stream()
                .filter(StateChanged.class::isInstance)
                .map(e -> ((StateChanged) e).type())
                .toList();
    }
}
