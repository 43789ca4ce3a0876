package dev.tokenkeeper.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.server.logging.LogFormat;
import dev.tokenkeeper.server.logging.ServiceLogging;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import dev.tokenkeeper.testkit.logs.StandardErrorCapture;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With {@code TOKENKEEPER_LOG_FORMAT=json}, every line of a connection's life is one JSON object, the refresh and
 * state lines carry their fields as JSON fields, and no line holds a token, a secret or the API key.
 */
class JsonLogsTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void jsonLogs_ofImportRefreshAndRevocation_areOneObjectPerLine_withFields_andNoSecret() throws IOException {
        List<String> secrets = new ArrayList<>();
        String logs;
        ServiceLogging.use(LogFormat.JSON);
        try (StandardErrorCapture stderr = new StandardErrorCapture(); TestService service = TestService.start()) {
            secrets.add(service.apiKey.reveal());
            secrets.add(FakeProvider.DEFAULT_CLIENT_SECRET);
            IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
            secrets.add(grant.accessToken());
            secrets.add(grant.refreshToken());
            ObjectNode body = ApiClient.object().put("provider", TestService.PROVIDER).put("connection_id", "json-1");
            body.putObject("credentials").put("access_token", grant.accessToken())
                    .put("refresh_token", grant.refreshToken()).put("expires_in", 3600);
            service.api.post("/v1/connections", body);
            service.api.post("/v1/connections/json-1/refresh", null);
            secrets.add(service.provider.currentAccessToken(grant.grantId()).orElseThrow());
            secrets.add(service.provider.currentRefreshToken(grant.grantId()).orElseThrow());
            service.provider.revokeGrant(grant.grantId());
            service.api.post("/v1/connections/json-1/refresh", null);
            logs = stderr.text();
        } finally {
            ServiceLogging.use(LogFormat.HUMAN);
        }

        List<JsonNode> lines = new ArrayList<>();
        for (String line : logs.lines().filter(line -> !line.isBlank()).toList()) {
            JsonNode object = json.readTree(line);
            assertThat(object.isObject()).as(line).isTrue();
            assertThat(object.fieldNames()).toIterable().as(line).contains("time", "level", "logger", "message");
            lines.add(object);
        }
        List<JsonNode> attempts = lines.stream().filter(line -> "refresh_attempt".equals(line.path("event").asText())
                && "json-1".equals(line.path("connection").asText())).toList();
        assertThat(attempts).as(logs).hasSize(2);
        assertThat(attempts.getFirst().path("logger").asText()).isEqualTo("tokenkeeper.refresh");
        assertThat(attempts.getFirst().path("provider").asText()).isEqualTo(TestService.PROVIDER);
        assertThat(attempts.getFirst().path("outcome").asText()).isEqualTo("refreshed");
        assertThat(attempts.getFirst().path("duration_ms").isIntegralNumber()).isTrue();
        assertThat(attempts.get(1).path("outcome").asText()).isEqualTo("needs_reauth");
        assertThat(lines).anyMatch(line -> "tokenkeeper.state".equals(line.path("logger").asText())
                && "json-1".equals(line.path("connection").asText()) && "needs_reauth".equals(line.path("to").asText()));
        for (String secret : secrets) {
            assertThat(logs).doesNotContain(secret);
        }
    }
}
