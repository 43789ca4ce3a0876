package dev.tokenkeeper.server.diagnosis;

import static dev.tokenkeeper.server.diagnosis.Setups.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.diagnosis.Setups.Imported;
import dev.tokenkeeper.fake.ExpiresStyle;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Causes only time tells (a settable clock moves it, nothing waits): a grant that dies again right after a
 * reconnect, a grant that dies about 7 days after it was issued, and an {@code expires_in} in milliseconds.
 */
class TimePatternSetupsTest {
    @RegisterExtension
    static final Setups setups = new Setups();

    @Test
    void diagnosis_namesReconnectNotKept_whenTheGrantDiesAgainWithinADayOfAReconnect() {
        String key = setups.provider(config -> config);
        Imported connection = setups.importNew(key);
        setups.provider().revokeGrant(connection.grant().grantId());
        setups.refresh(connection.id());
        assertThat(setups.connection(connection.id()).path("state").asText()).isEqualTo("needs_reauth");
        setups.browser().connect(key, connection.id());
        String reconnectedGrant = setups.grantIdOf(connection.id());
        setups.clock.advance(Duration.ofHours(3));
        setups.provider().revokeGrant(reconnectedGrant);

        setups.refresh(connection.id());

        setups.assertVerdict(connection.id(), expect("needs_reauth", Cause.RECONNECT_NOT_KEPT)
                .fixNames("other client").evidence("invalid_grant", "Token has been expired or revoked."));
    }

    @Test
    void diagnosis_namesTestingModeExpiry_whenTheGrantDiesSevenDaysAfterItWasIssued() {
        String key = setups.provider(config -> config);
        Imported connection = setups.importNew(key);
        setups.clock.advance(Duration.ofDays(7).plusMinutes(5));
        setups.provider().revokeGrant(connection.grant().grantId());

        setups.refresh(connection.id());

        setups.assertVerdict(connection.id(), expect("needs_reauth", Cause.TESTING_MODE_EXPIRY)
                .fixNames("Publish").evidence("invalid_grant", "Token has been expired or revoked."));
    }

    @Test
    void diagnosis_namesExpiresInUnitWrong_whileRefreshWorks_whenTheProviderSendsExpiresInInMilliseconds() {
        String key = setups.provider(config -> config);
        Imported connection = setups.importNew(key);
        connection.quirks().expiresStyle(ExpiresStyle.MILLISECONDS);

        Answer refresh = setups.refresh(connection.id());

        assertThat(refresh.status()).as(refresh.text()).isEqualTo(200);
        setups.assertVerdict(connection.id(), expect("active", Cause.EXPIRES_IN_UNIT_WRONG).foundByDiagnosisOnly()
                .fixNames("expires_in_unit").evidence("expires_in"));
    }
}
