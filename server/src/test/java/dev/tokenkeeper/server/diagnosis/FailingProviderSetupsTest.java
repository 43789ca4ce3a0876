package dev.tokenkeeper.server.diagnosis;

import static dev.tokenkeeper.server.diagnosis.Setups.JSON;
import static dev.tokenkeeper.server.diagnosis.Setups.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.diagnosis.Setups.Imported;
import dev.tokenkeeper.fake.AfterHang;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A provider whose token endpoint fails for a while: the connection stays active, Tokenkeeper retries, and the
 * diagnosis names the provider as the one to act (and escalates when it lasts for days).
 */
class FailingProviderSetupsTest {
    private static final String ACTIVE = "active";
    /** An access token that needs a refresh at once, so that every token request goes to the token endpoint. */
    private static final long EXPIRING_SOON = 20;

    @RegisterExtension
    static final Setups setups = new Setups();

    @Test
    void diagnosis_namesProviderOutage_whenTheTokenEndpointAnswers5xxStorm() {
        Imported connection = setups.importNew(setups.provider(config -> config), EXPIRING_SOON);
        connection.quirks().serverErrorNextTokenRequests(100, 503, true);

        Answer refresh = setups.refresh(connection.id());

        assertThat(refresh.status()).as(refresh.text()).isEqualTo(503);
        setups.assertVerdict(connection.id(), expect(ACTIVE, Cause.PROVIDER_OUTAGE).fixNames("backoff")
                .evidence("503"));
    }

    @Test
    void diagnosis_namesRateLimited_withTheRetryTime_whenTheTokenEndpointAnswers429WithRetryAfter() {
        Imported connection = setups.importNew(setups.provider(config -> config), EXPIRING_SOON);
        // Within the hour Tokenkeeper honours at most (RetryAfter.MAX): the retry is due exactly then.
        Instant retryAt = setups.clock.instant().plus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.SECONDS);
        connection.quirks().throttleNextTokenRequests(100, retryAt);

        Answer refresh = setups.refresh(connection.id());

        assertThat(refresh.status()).as(refresh.text()).isIn(429, 503);
        setups.assertVerdict(connection.id(), expect(ACTIVE, Cause.RATE_LIMITED).fixNames("waits until")
                .evidence("429", retryAt.toString().replace("Z", "")));
    }

    @Test
    void diagnosis_namesTimeout_whenTheTokenRequestHangsPastTheDeadline() {
        Imported connection = setups.importNew(setups.provider(config -> config), EXPIRING_SOON);
        // The refresh deadline is 10 s (RefreshSettings.defaults): the one setup that waits for real time.
        connection.quirks().hangNextTokenRequests(100, Duration.ofSeconds(60), AfterHang.DROP);

        Answer refresh = setups.refresh(connection.id());

        assertThat(refresh.status()).as(refresh.text()).isEqualTo(503);
        setups.assertVerdict(connection.id(), expect(ACTIVE, Cause.TIMEOUT).fixNames("backoff"));
    }

    @Test
    void diagnosis_namesTokenAnswerIncomplete_whenTheTokenEndpointAnswers200WithoutAnAccessToken() {
        Imported connection = setups.importNew(setups.provider(config -> config), EXPIRING_SOON);
        connection.quirks().failNextTokenRequests(100, 200, JSON, "{\"token_type\":\"Bearer\",\"expires_in\":3600}");

        Answer refresh = setups.refresh(connection.id());

        assertThat(refresh.status()).as(refresh.text()).isEqualTo(503);
        setups.assertVerdict(connection.id(), expect(ACTIVE, Cause.TOKEN_ANSWER_INCOMPLETE)
                .fixNames("error_expression").evidence("access_token"));
    }

    @Test
    void diagnosis_namesRefreshFailing_once_whenRetryableFailuresLastPastThreeDays() {
        Imported connection = setups.importNew(setups.provider(config -> config), EXPIRING_SOON);
        connection.quirks().serverErrorNextTokenRequests(1000, 502, false);
        setups.refresh(connection.id());

        for (int day = 0; day < 4; day++) {
            setups.clock.advance(Duration.ofHours(20));
            setups.refresh(connection.id());
        }

        setups.assertVerdict(connection.id(), expect(ACTIVE, Cause.REFRESH_FAILING).lastError(Cause.PROVIDER_OUTAGE)
                .fixNames("evidence").evidence("502"));
        assertThat(setups.eventTypes(connection.id())).containsOnlyOnce("connection.refresh_failing");
        setups.clock.advance(Duration.ofHours(20));
        setups.refresh(connection.id());
        assertThat(setups.eventTypes(connection.id())).containsOnlyOnce("connection.refresh_failing");
    }
}
