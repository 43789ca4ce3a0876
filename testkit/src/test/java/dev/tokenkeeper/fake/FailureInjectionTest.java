package dev.tokenkeeper.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.fake.OAuthClient.Reply;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FailureInjectionTest {
    private final FakeProvider provider = FakeProvider.start();
    private final OAuthClient client = new OAuthClient(provider);
    private final IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void throttle_answers429WithRetryAfterSeconds_forTheNextRequestsOnly() {
        provider.quirks().throttleNextTokenRequests(2, Duration.ofSeconds(30));

        Reply first = client.refresh(grant.refreshToken());
        Reply second = client.refresh(grant.refreshToken());
        Reply third = client.refresh(grant.refreshToken());

        assertThat(first.status()).isEqualTo(429);
        assertThat(first.header("Retry-After")).isEqualTo("30");
        assertThat(second.status()).isEqualTo(429);
        assertThat(third.status()).isEqualTo(200);
        assertThat(provider.refreshCount()).isEqualTo(3);
    }

    @Test
    void throttle_answersRetryAfterAsHttpDate_whenGivenAnInstant() {
        Instant retryAt = Instant.parse("2030-05-06T07:08:09Z");
        provider.quirks().throttleNextTokenRequests(1, retryAt);

        Reply reply = client.refresh(grant.refreshToken());

        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.header("Retry-After")).isEqualTo("Mon, 06 May 2030 07:08:09 GMT");
        assertThat(ZonedDateTime.parse(reply.header("Retry-After"), DateTimeFormatter.RFC_1123_DATE_TIME)
                .toInstant()).isEqualTo(retryAt);
    }

    @Test
    void serverErrorBurst_answersChosenStatusWithHtml_thenRecovers() {
        provider.quirks().serverErrorNextTokenRequests(2, 502, true);

        Reply first = client.refresh(grant.refreshToken());
        Reply second = client.refresh(grant.refreshToken());
        Reply third = client.refresh(grant.refreshToken());

        assertThat(first.status()).isEqualTo(502);
        assertThat(first.header("Content-Type")).startsWith("text/html");
        assertThat(first.body()).contains("<html>");
        assertThat(second.status()).isEqualTo(502);
        assertThat(third.status()).isEqualTo(200);
        assertThat(provider.history()).extracting(TokenRequestRecord::status).containsExactly(502, 502, 200);
    }

    @Test
    void serverErrorBurst_answersJson_whenHtmlIsOff() {
        provider.quirks().serverErrorNextTokenRequests(1, 503, false);

        Reply reply = client.refresh(grant.refreshToken());

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.text("error")).isEqualTo("server_error");
    }

    @Test
    void failNextTokenRequests_answersVerbatim_likeMicrosoftErrors() {
        String body = "{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS700082: The refresh token has"
                + " expired due to inactivity.\",\"error_codes\":[700082]}";
        provider.quirks().failNextTokenRequests(1, 400, Map.of("Content-Type", "application/json",
                "x-ms-request-id", "abc"), body);

        Reply reply = client.refresh(grant.refreshToken());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).isEqualTo(body);
        assertThat(reply.header("x-ms-request-id")).isEqualTo("abc");
        assertThat(provider.history()).singleElement()
                .returns("invalid_grant", TokenRequestRecord::error)
                .returns(grant.grantId(), TokenRequestRecord::grantId);
        assertThat(client.refresh(grant.refreshToken()).status()).isEqualTo(200);
    }

    @Test
    void slackStyle_answers200WithOkFalse_forRefreshFailures() {
        provider.quirks().tokenErrorStyle(TokenErrorStyle.SLACK);

        Reply failure = client.refresh("rt_unknown");
        Reply success = client.refresh(grant.refreshToken());

        assertThat(failure.status()).isEqualTo(200);
        assertThat(failure.json().path("ok").asBoolean(true)).isFalse();
        assertThat(failure.text("error")).isEqualTo("invalid_auth");
        assertThat(failure.json().has("access_token")).isFalse();
        assertThat(success.json().path("ok").asBoolean()).isTrue();
        assertThat(success.text("access_token")).isNotNull();
    }

    @Test
    void hang_makesClientTimeOut_untilProviderCloses() {
        provider.quirks().hangNextTokenRequestsUntilClose(1);
        HttpRequest request = refreshRequest().timeout(Duration.ofMillis(200)).build();

        assertThatThrownBy(() -> OAuthClient.send(request)).hasCauseInstanceOf(HttpTimeoutException.class);
        await().until(() -> provider.hangingTokenRequests() == 1);
    }

    @Test
    void hangThenAnswer_refreshesAfterTheClientGaveUp() {
        provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE)
                .hangNextTokenRequests(1, Duration.ofMillis(400), AfterHang.ANSWER);
        HttpRequest request = refreshRequest().timeout(Duration.ofMillis(100)).build();

        assertThatThrownBy(() -> OAuthClient.send(request)).hasCauseInstanceOf(HttpTimeoutException.class);

        await().until(() -> !provider.history().isEmpty());
        assertThat(provider.history().getFirst().status()).isEqualTo(200);
        assertThat(provider.currentRefreshToken(grant.grantId()))
                .hasValueSatisfying(current -> assertThat(current).isNotEqualTo(grant.refreshToken()));
    }

    @Test
    void hangThenDrop_closesConnectionWithoutAnswer() {
        provider.quirks().hangNextTokenRequests(1, Duration.ofMillis(50), AfterHang.DROP);

        assertThatThrownBy(() -> OAuthClient.send(refreshRequest().build())).isInstanceOf(UncheckedIOException.class);
        assertThat(provider.history()).singleElement().returns(0, TokenRequestRecord::status);
        assertThat(provider.currentRefreshToken(grant.grantId())).contains(grant.refreshToken());
    }

    @Test
    void latency_delaysTokenRequests_pastAShortClientTimeout() {
        provider.quirks().tokenLatency(Duration.ofHours(1));
        HttpRequest request = refreshRequest().timeout(Duration.ofMillis(200)).build();

        assertThatThrownBy(() -> OAuthClient.send(request)).hasCauseInstanceOf(HttpTimeoutException.class);
    }

    private HttpRequest.Builder refreshRequest() {
        return client.tokenRequest(Map.of("grant_type", "refresh_token", "refresh_token", grant.refreshToken()));
    }
}
