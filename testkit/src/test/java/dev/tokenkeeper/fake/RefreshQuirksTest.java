package dev.tokenkeeper.fake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.fake.OAuthClient.Reply;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RefreshQuirksTest {
    private final ManualClock clock = new ManualClock();
    private final FakeProvider provider = FakeProvider.start(clock);
    private final OAuthClient client = new OAuthClient(provider);
    private final IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read", "write");

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void refresh_returnsSameRefreshTokenAndUsableAccessToken_whenRotationIsOff() {
        Reply reply = client.refresh(grant.refreshToken());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).isEqualTo("application/json");
        assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
        assertThat(reply.text("refresh_token")).isEqualTo(grant.refreshToken());
        assertThat(reply.text("access_token")).isNotEqualTo(grant.accessToken());
        assertThat(reply.text("token_type")).isEqualTo("Bearer");
        assertThat(reply.json().path("expires_in").asLong()).isEqualTo(3600);
        assertThat(reply.text("scope")).isEqualTo("read write");
        assertThat(client.me(reply.text("access_token")).text("grant_id")).isEqualTo(grant.grantId());
        assertThat(client.refresh(grant.refreshToken()).status()).isEqualTo(200);
    }

    @Test
    void refresh_rotatesRefreshTokenWithoutRevokingOnReuse_whenRotatingWithoutReuseDetection() {
        provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE);

        Reply first = client.refresh(grant.refreshToken());
        Reply reuse = client.refresh(grant.refreshToken());

        assertThat(first.text("refresh_token")).isNotEqualTo(grant.refreshToken());
        assertThat(provider.currentRefreshToken(grant.grantId())).contains(first.text("refresh_token"));
        assertThat(reuse.status()).isEqualTo(400);
        assertThat(reuse.text("error")).isEqualTo("invalid_grant");
        assertThat(provider.anyGrantRevoked()).isFalse();
        assertThat(client.refresh(first.text("refresh_token")).status()).isEqualTo(200);
    }

    @Test
    void reuseOfRotatedToken_revokesWholeGrant_whenReuseDetectionIsOn() {
        provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true);
        Reply first = client.refresh(grant.refreshToken());

        Reply reuse = client.refresh(grant.refreshToken());

        assertThat(reuse.status()).isEqualTo(400);
        assertThat(reuse.text("error")).isEqualTo("invalid_grant");
        assertThat(reuse.text("error_description")).isEqualTo("Maximum allowed refresh token reuse exceeded");
        assertThat(provider.revokedGrants()).singleElement()
                .returns(grant.grantId(), GrantRevocation::grantId)
                .returns(RevocationReason.REFRESH_TOKEN_REUSE, GrantRevocation::reason);
        assertThat(client.refresh(first.text("refresh_token")).text("error")).isEqualTo("invalid_grant");
        assertThat(client.me(first.text("access_token")).status()).isEqualTo(401);
        assertThat(provider.currentRefreshToken(grant.grantId())).isEmpty();
    }

    @Test
    void previousToken_getsCurrentTokensWithoutRevocation_withinGracePeriod() {
        provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true)
                .reuseGracePeriod(Duration.ofSeconds(10));
        Reply first = client.refresh(grant.refreshToken());
        clock.advance(Duration.ofSeconds(9));

        Reply retry = client.refresh(grant.refreshToken());

        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.text("refresh_token")).isEqualTo(first.text("refresh_token"));
        assertThat(client.me(retry.text("access_token")).status()).isEqualTo(200);
        assertThat(provider.anyGrantRevoked()).isFalse();
        assertThat(client.refresh(first.text("refresh_token")).status()).isEqualTo(200);
    }

    @Test
    void previousToken_revokesGrant_afterGracePeriod() {
        provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true)
                .reuseGracePeriod(Duration.ofSeconds(10));
        client.refresh(grant.refreshToken());
        clock.advance(Duration.ofSeconds(10));

        Reply late = client.refresh(grant.refreshToken());

        assertThat(late.text("error_description")).isEqualTo("Maximum allowed refresh token reuse exceeded");
        assertThat(provider.revocationOf(grant.grantId())).isPresent();
    }

    @Test
    void olderRotatedToken_revokesGrant_evenWithinGracePeriod() {
        provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true)
                .reuseGracePeriod(Duration.ofMinutes(1));
        Reply second = client.refresh(grant.refreshToken());
        client.refresh(second.text("refresh_token"));

        Reply oldest = client.refresh(grant.refreshToken());

        assertThat(oldest.text("error")).isEqualTo("invalid_grant");
        assertThat(provider.revocationOf(grant.grantId())).map(GrantRevocation::reason)
                .contains(RevocationReason.REFRESH_TOKEN_REUSE);
    }

    @Test
    void refreshResponse_leavesOutRefreshToken_whenOmitQuirkIsOn() {
        provider.quirks().omitRefreshTokenOnRefresh(true);

        Reply reply = client.refresh(grant.refreshToken());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().has("refresh_token")).isFalse();
        assertThat(client.refresh(grant.refreshToken()).status()).isEqualTo(200);
    }

    @Test
    void mintedRefreshToken_invalidatesOldestLiveOne_whenCapIsReached() {
        provider.quirks().refreshTokens(RefreshTokenPolicy.MINT).refreshTokenCap(2);
        String second = client.refresh(grant.refreshToken()).text("refresh_token");

        String third = client.refresh(second).text("refresh_token");

        Reply capped = client.refresh(grant.refreshToken());
        assertThat(capped.text("error")).isEqualTo("invalid_grant");
        assertThat(capped.text("error_description")).startsWith("Refresh token limit exceeded");
        assertThat(client.refresh(second).status()).isEqualTo(200);
        assertThat(client.refresh(third).status()).isEqualTo(200);
        assertThat(provider.anyGrantRevoked()).isFalse();
    }

    @Test
    void refresh_narrowsScope_whenSubsetIsRequested() {
        Reply narrowed = client.token(OAuthClient.form(
                "grant_type", "refresh_token", "refresh_token", grant.refreshToken(), "scope", "read"));
        Reply widened = client.token(OAuthClient.form(
                "grant_type", "refresh_token", "refresh_token", grant.refreshToken(), "scope", "read admin"));

        assertThat(narrowed.text("scope")).isEqualTo("read");
        assertThat(client.me(narrowed.text("access_token")).text("scope")).isEqualTo("read");
        assertThat(widened.text("error")).isEqualTo("invalid_scope");
    }

    @Test
    void observations_countRefreshesAndRecordFingerprintsNotTokens_untilReset() {
        client.refresh(grant.refreshToken());
        client.refresh("rt_unknown");

        assertThat(provider.refreshCount()).isEqualTo(2);
        assertThat(provider.refreshCount(grant.grantId())).isEqualTo(1);
        assertThat(provider.tokenRequestCount()).isEqualTo(2);
        assertThat(provider.history()).extracting(TokenRequestRecord::status).containsExactly(200, 400);
        TokenRequestRecord first = provider.history(grant.grantId()).getFirst();
        assertThat(first.refreshTokenFingerprint()).startsWith("sha256:").doesNotContain(grant.refreshToken());
        assertThat(first.clientId()).isEqualTo(FakeProvider.DEFAULT_CLIENT_ID);
        assertThat(first.succeeded()).isTrue();
        assertThat(grant.toString()).doesNotContain(grant.refreshToken(), grant.accessToken());

        provider.resetObservations();

        assertThat(provider.refreshCount()).isZero();
        assertThat(provider.history()).isEmpty();
    }

    @Test
    void unknownRefreshToken_isAdoptedAsANewRotatingGrant_whenItCarriesTheAdoptedPrefix() {
        provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true);
        provider.adoptRefreshTokensWithPrefix("rt_fleet_");

        Reply adopted = client.refresh("rt_fleet_42");
        String grantId = client.me(adopted.text("access_token")).text("grant_id");
        Reply reuse = client.refresh("rt_fleet_42");

        assertThat(adopted.status()).isEqualTo(200);
        assertThat(adopted.text("refresh_token")).isNotEqualTo("rt_fleet_42");
        assertThat(grantId).isNotNull();
        assertThat(reuse.text("error")).isEqualTo("invalid_grant");
        assertThat(provider.revocationOf(grantId)).map(GrantRevocation::reason)
                .contains(RevocationReason.REFRESH_TOKEN_REUSE);
    }

    @Test
    void unknownRefreshToken_isRejected_whenItLacksTheAdoptedPrefix() {
        provider.adoptRefreshTokensWithPrefix("rt_fleet_");

        Reply reply = client.refresh("rt_other_42");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.text("error")).isEqualTo("invalid_grant");
    }
}
