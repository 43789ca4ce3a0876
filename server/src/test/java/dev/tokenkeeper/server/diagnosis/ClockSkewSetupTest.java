package dev.tokenkeeper.server.diagnosis;

import static dev.tokenkeeper.server.diagnosis.Setups.expect;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.server.diagnosis.Setups.Imported;
import dev.tokenkeeper.fake.ExpiresStyle;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A provider whose clock runs two hours behind Tokenkeeper's: its absolute expiries arrive already past. */
class ClockSkewSetupTest {
    @RegisterExtension
    static final Setups setups = Setups.withProviderClockBehind(Duration.ofHours(2));

    @Test
    void diagnosis_namesClockSkew_whenTokensArriveWithAnExpiryAlreadyInThePast() {
        Imported connection = setups.importNew(setups.provider(config -> config));
        connection.quirks().expiresStyle(ExpiresStyle.EXPIRES_AT);

        setups.refresh(connection.id());

        setups.assertVerdict(connection.id(), expect("active", Cause.CLOCK_SKEW).foundByDiagnosisOnly()
                .fixNames("clock").evidence("expires_at"));
    }
}
