package dev.tokenkeeper.fake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.fake.OAuthClient.Reply;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ExpiryTest {
    private final ManualClock clock = new ManualClock();
    private final FakeProvider provider = FakeProvider.start(clock);
    private final OAuthClient client = new OAuthClient(provider);

    @AfterEach
    void close() {
        provider.close();
    }

    @ParameterizedTest
    @EnumSource(ExpiresStyle.class)
    void tokenResponse_statesLifetimeInTheChosenStyle(ExpiresStyle style) {
        provider.quirks().expiresStyle(style).accessTokenLifetime(Duration.ofSeconds(2));
        IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);

        JsonNode body = client.refresh(grant.refreshToken()).json();

        long expiresAt = clock.instant().plusSeconds(2).getEpochSecond();
        switch (style) {
            case SECONDS -> assertThat(body.get("expires_in").isNumber()).isTrue();
            case SECONDS_STRING -> assertThat(body.get("expires_in").isTextual()).isTrue();
            case MILLISECONDS -> assertThat(body.get("expires_in").asLong()).isEqualTo(2000);
            case EXPIRES_FIELD -> assertThat(body.get("expires").asLong()).isEqualTo(2);
            case EXPIRES_AT -> assertThat(body.get("expires_at").asLong()).isEqualTo(expiresAt);
            case MISSING -> assertThat(body.has("expires_in")).isFalse();
            case ZERO -> assertThat(body.get("expires_in").asLong()).isZero();
        }
        if (style == ExpiresStyle.SECONDS || style == ExpiresStyle.SECONDS_STRING) {
            assertThat(body.get("expires_in").asText()).isEqualTo("2");
        }
        if (style != ExpiresStyle.EXPIRES_FIELD) {
            assertThat(body.has("expires")).isFalse();
        }
    }

    @Test
    void accessToken_isRejectedAfterItsRealLifetime_whateverTheResponseSays() {
        provider.quirks().expiresStyle(ExpiresStyle.ZERO).accessTokenLifetime(Duration.ofSeconds(2));
        IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        String accessToken = client.refresh(grant.refreshToken()).text("access_token");

        clock.advance(Duration.ofMillis(1999));
        Reply before = client.me(accessToken);
        clock.advance(Duration.ofMillis(1));
        Reply after = client.me(accessToken);

        assertThat(before.status()).isEqualTo(200);
        assertThat(after.status()).isEqualTo(401);
        assertThat(provider.currentAccessToken(grant.grantId())).isEmpty();
    }

    @Test
    void issuedGrant_reportsConfiguredLifetime() {
        provider.quirks().accessTokenLifetime(Duration.ofSeconds(2));

        IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");

        assertThat(grant.expiresIn()).isEqualTo(Duration.ofSeconds(2));
        assertThat(provider.currentAccessToken(grant.grantId())).contains(grant.accessToken());
        assertThat(client.me(grant.accessToken()).text("sub")).isEqualTo(grant.subject());
    }
}
