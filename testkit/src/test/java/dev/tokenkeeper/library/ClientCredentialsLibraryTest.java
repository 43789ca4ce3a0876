package dev.tokenkeeper.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.library.TokenkeeperLibrary;
import dev.tokenkeeper.core.provider.ClientAuth;
import dev.tokenkeeper.core.provider.GrantType;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.port.ClaimBudget;
import dev.tokenkeeper.core.port.RefreshSchedule;
import dev.tokenkeeper.core.refresh.FailureClass;
import dev.tokenkeeper.core.refresh.FailureReason;
import dev.tokenkeeper.core.refresh.TokenAnswer;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.TokenRequestRecord;
import dev.tokenkeeper.memory.InMemoryProviderHealthLedger;
import dev.tokenkeeper.memory.InMemoryStorage;
import dev.tokenkeeper.testkit.callers.Callers;
import dev.tokenkeeper.testkit.clock.SettableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Client-credentials connections (machine-to-machine, no user, no refresh token) through the library, against the fake
 * provider's client-credentials grant: the first token at creation, then one token request per expiry however many
 * callers ask, and refusals blamed on the operator, never on an end user.
 */
class ClientCredentialsLibraryTest {
    private final SettableClock clock = new SettableClock();
    private FakeProvider provider;

    @BeforeEach
    void startProvider() {
        provider = FakeProvider.start(clock);
        provider.quirks().accessTokenLifetime(Duration.ofMinutes(10));
    }

    @AfterEach
    void stopProvider() {
        provider.close();
    }

    @Test
    void connectClientCredentials_storesTheFirstToken_andFreshTokenServesItWithoutAskingAgain() {
        try (TokenkeeperLibrary library = library(FakeProvider.DEFAULT_CLIENT_SECRET)) {
            TokenAnswer connected = library.connectClientCredentials("billing-api", "m2m");
            TokenAnswer asked = library.freshToken("billing-api");

            assertThat(connected).isInstanceOfSatisfying(TokenAnswer.Fresh.class, fresh -> {
                assertThat(fresh.tokens().refreshToken()).isNull();
                assertThat(fresh.connection().state()).isEqualTo(ConnectionState.ACTIVE);
                assertThat(fresh.connection().nextRefreshAt()).as("asked for when needed, not scheduled").isNull();
            });
            assertThat(asked).isInstanceOfSatisfying(TokenAnswer.Fresh.class, fresh -> assertThat(
                    fresh.tokens().accessToken()).isEqualTo(((TokenAnswer.Fresh) connected).tokens().accessToken()));
            List<TokenRequestRecord> requests = clientCredentialsRequests();
            assertThat(requests).hasSize(1).allSatisfy(request -> assertThat(request.status()).isEqualTo(200));
        }
    }

    @Test
    void freshToken_asksOnce_when200CallersAskForAnExpiredClientCredentialsToken() throws Exception {
        try (TokenkeeperLibrary library = library(FakeProvider.DEFAULT_CLIENT_SECRET)) {
            library.connectClientCredentials("billing-api", "m2m");
            clock.advance(Duration.ofMinutes(11));

            List<TokenAnswer> answers = Callers.atOnce(200, i -> () -> library.freshToken("billing-api"));

            assertThat(clientCredentialsRequests()).as("the first token, then exactly one more").hasSize(2);
            String current = library.find("billing-api").orElseThrow().tokens().accessToken().reveal();
            assertThat(answers).hasSize(200).allSatisfy(answer -> assertThat(answer)
                    .isInstanceOfSatisfying(TokenAnswer.Fresh.class,
                            fresh -> assertThat(fresh.tokens().accessToken().reveal()).isEqualTo(current)));
            assertThat(library.find("billing-api").orElseThrow().refreshCount()).isEqualTo(1);
        }
    }

    @Test
    void connectClientCredentials_answersMisconfigured_andStoresNothing_whenTheProviderRefusesTheClient() {
        try (TokenkeeperLibrary library = library("not-the-secret")) {
            TokenAnswer answer = library.connectClientCredentials("billing-api", "m2m");

            assertThat(answer).isInstanceOfSatisfying(TokenAnswer.Stale.class, stale -> {
                assertThat(stale.state()).isEqualTo(ConnectionState.MISCONFIGURED);
                assertThat(stale.lastError().failureClass()).isEqualTo(FailureClass.MISCONFIGURED);
                assertThat(stale.lastError().reason().code()).isEqualTo("invalid_client");
            });
            assertThat(library.find("billing-api")).isEmpty();
        }
    }

    @Test
    void anExpiredToken_makesTheConnectionMisconfigured_notNeedsReauth_whenTheProviderAnswersInvalidGrant() {
        try (TokenkeeperLibrary library = library(FakeProvider.DEFAULT_CLIENT_SECRET)) {
            library.connectClientCredentials("billing-api", "m2m");
            clock.advance(Duration.ofMinutes(11));
            provider.quirks().failNextTokenRequests(1, 400, Map.of("Content-Type", "application/json"),
                    "{\"error\":\"invalid_grant\",\"error_description\":\"client disabled\"}");

            TokenAnswer answer = library.freshToken("billing-api");

            assertThat(answer).isInstanceOfSatisfying(TokenAnswer.Stale.class,
                    stale -> assertThat(stale.state()).as("no end user could fix it").isEqualTo(
                            ConnectionState.MISCONFIGURED));
            assertThat(library.find("billing-api").orElseThrow().state()).isEqualTo(ConnectionState.MISCONFIGURED);
        }
    }

    @Test
    void aTransientFailure_atCreation_answersUnavailable_andStoresNothing() {
        provider.quirks().serverErrorNextTokenRequests(1, 503, false);
        try (TokenkeeperLibrary library = library(FakeProvider.DEFAULT_CLIENT_SECRET)) {
            TokenAnswer answer = library.connectClientCredentials("billing-api", "m2m");

            assertThat(answer).isInstanceOfSatisfying(TokenAnswer.Unavailable.class,
                    later -> assertThat(later.retryAt()).isAfterOrEqualTo(clock.instant()));
            assertThat(library.find("billing-api")).isEmpty();
        }
    }

    @Test
    void connectClientCredentials_refusesAUserGrantProvider_andImportedGrantsStayForThose() {
        try (TokenkeeperLibrary library = TokenkeeperLibrary.builder().storage(InMemoryStorage.create(clock))
                .clock(clock).withoutProactiveRefresh().provider(config("users", FakeProvider.DEFAULT_CLIENT_SECRET,
                        GrantType.AUTHORIZATION_CODE)).build()) {
            assertThatThrownBy(() -> library.connectClientCredentials("billing-api", "users"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("authorization_code");
        }
        assertThatThrownBy(() -> config("m2m", null, GrantType.CLIENT_CREDENTIALS))
                .hasMessageContaining("client_secret");
    }

    @Test
    void aReverificationOfAConnectionNothingRenews_leavesItMisconfiguredAndOffTheSchedule_withoutAskingTheProvider() {
        InMemoryStorage storage = InMemoryStorage.create(clock);
        try (TokenkeeperLibrary library = TokenkeeperLibrary.builder().storage(storage).clock(clock)
                .withoutProactiveRefresh().provider(config("users", FakeProvider.DEFAULT_CLIENT_SECRET,
                        GrantType.AUTHORIZATION_CODE)).build()) {
            // a connection of a provider that got tokens with the client's credentials until its grant_type changed
            Connection imported = library.importConnection("old-machine", "users", Secret.of("at"), null,
                    Duration.ofHours(1));
            assertThat(storage.connections().commit(ConnectionLifecycle.unrefreshable(imported,
                    ConnectionState.MISCONFIGURED, FailureReason.of("invalid_client", "refused"), clock.instant()),
                    imported.generation(), null)).isTrue();
            assertThat(new InMemoryProviderHealthLedger(storage.connections())
                    .scheduleReverification("users", true, clock.instant(), Duration.ofMillis(1))).isEqualTo(1);
            long requestsBefore = provider.tokenRequestCount();

            List<RefreshSchedule.Claimed> claims = storage.schedule().claimDue("test", Duration.ofSeconds(30),
                    new ClaimBudget(10, 10, Map.of()));
            assertThat(claims).hasSize(1);
            library.engine().refreshClaimed(claims.get(0).lease());

            Connection after = library.find("old-machine").orElseThrow();
            assertThat(after.state()).isEqualTo(ConnectionState.MISCONFIGURED);
            assertThat(after.nextRefreshAt()).as("off the schedule, so it is not claimed again and again").isNull();
            assertThat(storage.schedule().claimDue("test", Duration.ofSeconds(30), new ClaimBudget(10, 10,
                    Map.of()))).isEmpty();
            assertThat(provider.tokenRequestCount()).isEqualTo(requestsBefore);
        }
    }

    private TokenkeeperLibrary library(String clientSecret) {
        return TokenkeeperLibrary.builder().storage(InMemoryStorage.create(clock)).clock(clock)
                .withoutProactiveRefresh()
                .provider(config("m2m", clientSecret, GrantType.CLIENT_CREDENTIALS)).build();
    }

    private ProviderConfig config(String key, String clientSecret, GrantType grantType) {
        return ProviderConfig.builder(key).tokenUrl(provider.tokenUrl()).clientId(FakeProvider.DEFAULT_CLIENT_ID)
                .clientSecret(Secret.ofNullable(clientSecret)).clientAuth(ClientAuth.CLIENT_SECRET_BASIC)
                .scopes(List.of("invoices.read")).grantType(grantType).build();
    }

    private List<TokenRequestRecord> clientCredentialsRequests() {
        return provider.history().stream().filter(request -> "client_credentials".equals(request.grantType()))
                .toList();
    }
}
