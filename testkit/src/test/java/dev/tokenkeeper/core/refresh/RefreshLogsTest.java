package dev.tokenkeeper.core.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.RefreshTokenPolicy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the engine logs (slf4j-simple writes to standard error in tests) and records: one line per attempt, no
 * secret, even when the provider echoes the refresh token back in its error.
 */
class RefreshLogsTest {

    @Test
    void logs_nameEveryAttemptButNeverATokenOrSecret() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        List<String> secrets = new ArrayList<>(List.of(FakeProvider.DEFAULT_CLIENT_SECRET));
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (EngineFixture fixture = new EngineFixture()) {
            fixture.provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true);
            RefreshEngine engine = fixture.engine("instance-0");
            EngineFixture.Imported rotating = fixture.importExpired("logged-1");
            EngineFixture.Imported echoing = fixture.importExpired("logged-2");
            secrets.add(rotating.grant().refreshToken());
            secrets.add(echoing.grant().refreshToken());
            fixture.provider.grantQuirks(echoing.grantId()).failNextTokenRequests(1, 400,
                    Map.of("Content-Type", "application/json"), "{\"error\":\"invalid_grant\",\"error_description\":"
                            + "\"unknown refresh token " + echoing.grant().refreshToken() + "\"}");

            engine.freshToken(rotating.id());
            engine.freshToken(echoing.id());
            secrets.add(fixture.stored(rotating.id()).tokens().accessToken().reveal());
            secrets.add(fixture.stored(rotating.id()).tokens().refreshToken().reveal());
            assertThat(fixture.store.events(echoing.id(), 10).toString()).contains("unknown refresh token")
                    .doesNotContain(echoing.grant().refreshToken());
        } finally {
            System.setErr(original);
        }

        String logs = captured.toString(StandardCharsets.UTF_8);
        assertThat(logs).contains("refresh_attempt connection=logged-1").contains("refresh_attempt connection=logged-2");
        assertThat(secrets).allSatisfy(secret -> assertThat(logs).doesNotContain(secret));
    }
}
