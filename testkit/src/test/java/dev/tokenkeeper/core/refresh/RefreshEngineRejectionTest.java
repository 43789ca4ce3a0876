package dev.tokenkeeper.core.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.testkit.clock.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A provider whose API rejects the tokens it just issued cannot make every proxied call a refresh. */
class RefreshEngineRejectionTest {
    private static final Instant START = Instant.parse("2026-01-05T10:00:00Z");

    private final SettableClock clock = new SettableClock(() -> START);

    @Test
    void refreshIfCurrent_doesNotRefreshAgain_whenTheRejectedTokenWasRefreshedMomentsAgo() {
        try (EngineFixture fixture = new EngineFixture(clock)) {
            EngineFixture.Imported imported = fixture.importGrant("rejects-new-tokens");
            RefreshEngine engine = fixture.engine("a");
            engine.refreshIfCurrent(imported.id(), imported.connection().tokens().accessToken());
            Secret issued = fixture.stored(imported.id()).tokens().accessToken();

            for (int rejected = 0; rejected < 20; rejected++) {
                clock.advance(Duration.ofSeconds(1));
                assertThat(engine.refreshIfCurrent(imported.id(), issued)).isInstanceOfSatisfying(
                        TokenAnswer.Fresh.class, fresh -> assertThat(fresh.tokens().accessToken()).isEqualTo(issued));
            }

            assertThat(fixture.provider.refreshCount(imported.grantId())).isEqualTo(1);
            clock.advance(RefreshEngine.REJECTION_GRACE);
            engine.refreshIfCurrent(imported.id(), issued);
            assertThat(fixture.provider.refreshCount(imported.grantId())).isEqualTo(2);
        }
    }
}
