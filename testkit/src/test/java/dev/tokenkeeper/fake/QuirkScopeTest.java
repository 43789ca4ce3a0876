package dev.tokenkeeper.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.fake.OAuthClient.Reply;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QuirkScopeTest {
    private final FakeProvider provider = FakeProvider.start();
    private final OAuthClient client = new OAuthClient(provider);

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void mostSpecificScope_wins_perQuirk() {
        provider.registerClient("other", "other-secret");
        IssuedGrant plain = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        IssuedGrant special = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        provider.quirks().expiresStyle(ExpiresStyle.SECONDS_STRING).omitRefreshTokenOnRefresh(true);
        provider.clientQuirks(FakeProvider.DEFAULT_CLIENT_ID).expiresStyle(ExpiresStyle.MILLISECONDS);
        provider.grantQuirks(special.grantId()).expiresStyle(ExpiresStyle.MISSING);

        JsonNode plainReply = client.refresh(plain.refreshToken()).json();
        JsonNode specialReply = client.refresh(special.refreshToken()).json();

        assertThat(plainReply.path("expires_in").asLong()).isEqualTo(3_600_000);
        assertThat(specialReply.has("expires_in")).isFalse();
        assertThat(plainReply.has("refresh_token")).isFalse();
        assertThat(specialReply.has("refresh_token")).isFalse();
    }

    @Test
    void injections_areTakenFromTheMostSpecificScopeFirst() {
        IssuedGrant target = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        IssuedGrant bystander = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        provider.quirks().serverErrorNextTokenRequests(1, 500, false);
        provider.grantQuirks(target.grantId()).throttleNextTokenRequests(1, Duration.ofSeconds(5));

        int first = client.refresh(target.refreshToken()).status();
        int second = client.refresh(target.refreshToken()).status();
        int third = client.refresh(bystander.refreshToken()).status();

        assertThat(first).isEqualTo(429);
        assertThat(second).isEqualTo(500);
        assertThat(third).isEqualTo(200);
    }

    @Test
    void resetQuirks_restoresDefaultsAndDropsPendingInjections() {
        IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).serverErrorNextTokenRequests(3, 503, true);
        provider.grantQuirks(grant.grantId()).omitRefreshTokenOnRefresh(true);

        provider.resetQuirks();
        Reply reply = client.refresh(grant.refreshToken());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text("refresh_token")).isEqualTo(grant.refreshToken());
    }

    @Test
    void scopes_rejectUnknownClientsAndGrantsAndInvalidValues() {
        assertThatThrownBy(() -> provider.clientQuirks("nobody")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> provider.grantQuirks("grant-404")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> provider.quirks().refreshTokenCap(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> provider.quirks().serverErrorNextTokenRequests(1, 404, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> provider.quirks().throttleNextTokenRequests(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tokenLatencyBetween_rejectsARangeWhoseMostIsBelowItsLeast() {
        assertThatThrownBy(() -> provider.quirks().tokenLatencyBetween(Duration.ofMillis(200), Duration.ofMillis(50)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("most");
    }

    @Test
    void tokenLatencyBetween_stillAnswers_withARandomWaitInTheRange() {
        provider.quirks().tokenLatencyBetween(Duration.ofMillis(1), Duration.ofMillis(5));
        IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);

        assertThat(client.refresh(grant.refreshToken()).status()).isEqualTo(200);
    }
}
