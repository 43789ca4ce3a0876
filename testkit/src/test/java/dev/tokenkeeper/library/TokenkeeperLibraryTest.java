package dev.tokenkeeper.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.library.TokenkeeperLibrary;
import dev.tokenkeeper.core.provider.ClientAuth;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.refresh.SchedulerSettings;
import dev.tokenkeeper.core.refresh.TokenAnswer;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import dev.tokenkeeper.fake.RefreshTokenPolicy;
import dev.tokenkeeper.memory.InMemoryStorage;
import dev.tokenkeeper.testkit.callers.Callers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The library's builder gives a working engine over the in-memory storage, with the fake provider on loopback. */
class TokenkeeperLibraryTest {
    private FakeProvider provider;

    @BeforeEach
    void startProvider() {
        provider = FakeProvider.start();
        provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true);
    }

    @AfterEach
    void stopProvider() {
        provider.close();
    }

    @Test
    void freshToken_answersTheImportedToken_withoutCallingTheProvider_whileItIsFresh() {
        IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");
        try (TokenkeeperLibrary library = library().build()) {
            Connection imported = library.importConnection("customer-1", "fake", Secret.of(grant.accessToken()),
                    Secret.of(grant.refreshToken()), Duration.ofHours(1));

            TokenAnswer answer = library.freshToken("customer-1");

            assertThat(imported.state()).isEqualTo(ConnectionState.ACTIVE);
            assertThat(imported.nextRefreshAt()).as("scheduled for its proactive refresh").isNotNull();
            assertThat(answer).isInstanceOfSatisfying(TokenAnswer.Fresh.class,
                    fresh -> assertThat(fresh.tokens().accessToken().reveal()).isEqualTo(grant.accessToken()));
            assertThat(provider.refreshCount(grant.grantId())).isZero();
        }
    }

    @Test
    void freshToken_refreshesOnce_andKeepsTheGrant_when200CallersAskForAnExpiredRotatingToken() throws Exception {
        IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");
        try (TokenkeeperLibrary library = library().build()) {
            Instant now = Instant.now();
            library.importConnection("customer-2", "fake", new TokenSet(Secret.of(grant.accessToken()),
                    Secret.of(grant.refreshToken()), TokenSet.BEARER, now.minus(Duration.ofHours(2)),
                    now.minus(Duration.ofHours(1)), List.of("read"), Map.of()));

            List<TokenAnswer> answers = Callers.atOnce(200, i -> () -> library.freshToken("customer-2"));

            assertThat(provider.refreshCount(grant.grantId())).isEqualTo(1);
            assertThat(provider.revocationOf(grant.grantId())).isEmpty();
            String current = provider.currentAccessToken(grant.grantId()).orElseThrow();
            assertThat(answers).hasSize(200).allSatisfy(answer -> assertThat(answer)
                    .isInstanceOfSatisfying(TokenAnswer.Fresh.class,
                            fresh -> assertThat(fresh.tokens().accessToken().reveal()).isEqualTo(current)));
            assertThat(library.find("customer-2").orElseThrow().tokens().refreshToken().reveal())
                    .isEqualTo(provider.currentRefreshToken(grant.grantId()).orElseThrow());
        }
    }

    @Test
    void theProactiveRefresh_refreshesADueConnection_withoutAnyCaller() {
        provider.quirks().accessTokenLifetime(Duration.ofSeconds(4));
        IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");
        try (TokenkeeperLibrary library = library()
                .proactiveRefresh(new SchedulerSettings(4, 4, Duration.ofMillis(200), Duration.ofMillis(100)))
                .build()) {
            library.importConnection("customer-3", "fake", Secret.of(grant.accessToken()),
                    Secret.of(grant.refreshToken()), grant.expiresIn());

            await().atMost(Duration.ofSeconds(30)).until(() -> provider.refreshCount(grant.grantId()) >= 1);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    library.find("customer-3").orElseThrow().tokens().accessToken().reveal())
                    .isEqualTo(provider.currentAccessToken(grant.grantId()).orElseThrow()));
            assertThat(library.refreshesProactively()).isTrue();
            assertThat(provider.revocationOf(grant.grantId())).isEmpty();
        }
    }

    @Test
    void freshToken_answersStale_withTheCause_whenTheProviderSaysTheGrantIsDead() {
        IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");
        try (TokenkeeperLibrary library = library().withoutProactiveRefresh().build()) {
            library.importConnection("customer-4", "fake", Secret.of(grant.accessToken()),
                    Secret.of(grant.refreshToken()), Duration.ofHours(1));
            provider.revokeGrant(grant.grantId());

            TokenAnswer refreshed = library.refresh("customer-4");
            TokenAnswer asked = library.freshToken("customer-4");

            assertThat(refreshed).isInstanceOf(TokenAnswer.Stale.class);
            assertThat(asked).isInstanceOfSatisfying(TokenAnswer.Stale.class, stale -> {
                assertThat(stale.state()).isEqualTo(ConnectionState.NEEDS_REAUTH);
                assertThat(stale.lastError().reason().code()).isEqualTo("invalid_grant");
            });
            assertThat(provider.refreshCount(grant.grantId())).as("a dead grant is not asked again").isEqualTo(1);
            assertThat(library.refreshesProactively()).isFalse();
        }
    }

    @Test
    void refresh_keepsTheRefreshTokensOwnExpiry_andSchedulesTheNextRefreshBeforeIt() {
        IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");
        provider.quirks().failNextTokenRequests(1, 200, Map.of("Content-Type", "application/json"), """
                {"access_token":"at-2","token_type":"Bearer","expires_in":2592000,"refresh_token":"rt-2",
                 "refresh_token_expires_in":7200}""");
        try (TokenkeeperLibrary library = library().withoutProactiveRefresh().build()) {
            library.importConnection("customer-8", "fake", Secret.of(grant.accessToken()),
                    Secret.of(grant.refreshToken()), Duration.ofHours(1));
            Instant before = Instant.now();

            assertThat(library.refresh("customer-8")).isInstanceOf(TokenAnswer.Fresh.class);

            Connection refreshed = library.find("customer-8").orElseThrow();
            Instant refreshTokenExpiry = refreshed.tokens().refreshTokenExpiresAt();
            assertThat(refreshTokenExpiry).isBetween(before.plus(Duration.ofHours(2)), Instant.now().plus(
                    Duration.ofHours(2)));
            assertThat(refreshed.nextRefreshAt()).as("a quarter of its 2 h before the refresh token expires, not"
                    + " near the access token's 30 days").isEqualTo(refreshTokenExpiry.minus(Duration.ofMinutes(30)));
        }
    }

    @Test
    void importConnection_refusesAnUnknownProviderAnInvalidIdAndADuplicate_andStoresNothingNew() {
        IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");
        Secret access = Secret.of(grant.accessToken());
        Secret refresh = Secret.of(grant.refreshToken());
        try (TokenkeeperLibrary library = library().withoutProactiveRefresh().build()) {
            library.importConnection("customer-5", "fake", access, refresh, Duration.ofHours(1));

            assertThatThrownBy(() -> library.importConnection("customer-6", "nobody", access, refresh,
                    Duration.ofHours(1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nobody");
            assertThatThrownBy(() -> library.importConnection("bad id\u0000", "fake", access, refresh,
                    Duration.ofHours(1))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("connectionId").hasMessageNotContaining("\u0000");
            assertThatThrownBy(() -> library.importConnection("customer-7", "fake", access, refresh,
                    Duration.ZERO)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expiresIn");
            assertThatThrownBy(() -> library.importConnection("customer-5", "fake", access, refresh,
                    Duration.ofHours(1))).isInstanceOf(IllegalStateException.class).hasMessageContaining("exists");

            assertThat(library.find("customer-6")).isEmpty();
            assertThat(library.find("customer-7")).isEmpty();
            assertThat(library.find("customer-5").orElseThrow().tokens().accessToken().reveal())
                    .isEqualTo(grant.accessToken());
        }
    }

    @Test
    void build_refusesWithoutStorage_andWithProvidersGivenBothWays() {
        assertThatThrownBy(() -> TokenkeeperLibrary.builder().provider(config()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("storage");
        assertThatThrownBy(() -> TokenkeeperLibrary.builder().storage(InMemoryStorage.create()).provider(config())
                .providers(key -> java.util.Optional.empty()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not both");
    }

    private TokenkeeperLibrary.Builder library() {
        return TokenkeeperLibrary.builder().storage(InMemoryStorage.create()).provider(config());
    }

    private ProviderConfig config() {
        return ProviderConfig.builder("fake")
                .tokenUrl(provider.tokenUrl())
                .clientId(FakeProvider.DEFAULT_CLIENT_ID)
                .clientSecret(Secret.of(FakeProvider.DEFAULT_CLIENT_SECRET))
                .clientAuth(ClientAuth.CLIENT_SECRET_BASIC)
                .build();
    }
}
