package dev.tokenkeeper.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every log line of a connection's whole life is structured, and none holds a token, a secret or the API key. */
class LogsLeakNothingTest {

    @Test
    void logs_ofImportRefreshRevocationAndDelete_holdNoSecret_andOneLinePerAttemptAndTransition() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        List<String> secrets = new ArrayList<>();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (TestService service = TestService.start()) {
            secrets.add(service.apiKey.reveal());
            secrets.add(FakeProvider.DEFAULT_CLIENT_SECRET);
            IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
            secrets.add(grant.accessToken());
            secrets.add(grant.refreshToken());
            ObjectNode body = ApiClient.object().put("provider", TestService.PROVIDER).put("connection_id", "logged-1");
            body.putObject("credentials").put("access_token", grant.accessToken())
                    .put("refresh_token", grant.refreshToken()).put("expires_in", 3600);
            service.api.post("/v1/connections", body);
            service.api.post("/v1/connections/logged-1/refresh", null);
            secrets.add(service.provider.currentAccessToken(grant.grantId()).orElseThrow());
            secrets.add(service.provider.currentRefreshToken(grant.grantId()).orElseThrow());
            service.provider.revokeGrant(grant.grantId());
            service.api.post("/v1/connections/logged-1/refresh", null);
            service.api.delete("/v1/connections/logged-1");
        } finally {
            System.setErr(original);
        }
        String logs = captured.toString(StandardCharsets.UTF_8);

        assertThat(logs).contains("connection=logged-1 provider=fake event=refresh_attempt outcome=refreshed");
        assertThat(logs).contains("connection=logged-1 provider=fake event=refresh_attempt outcome=needs_reauth");
        assertThat(logs).contains("connection=logged-1 provider=fake event=connection.needs_reauth from=active");
        assertThat(logs).contains("connection=logged-1 provider=fake event=deleted");
        assertThat(logs.lines().filter(line -> line.contains("logged-1") && line.contains("refresh_attempt")))
                .as("one line per attempt").hasSize(2);
        for (String secret : secrets) {
            assertThat(logs).doesNotContain(secret);
        }
    }
}
