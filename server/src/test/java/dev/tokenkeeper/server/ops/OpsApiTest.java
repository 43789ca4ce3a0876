package dev.tokenkeeper.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.server.ServiceBackedTest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.testkit.fake.FakeProvider;
import dev.tokenkeeper.testkit.fake.IssuedGrant;
import org.junit.jupiter.api.Test;

class OpsApiTest extends ServiceBackedTest {

    @Test
    void metrics_countRefreshAttemptsByProviderAndOutcome_andConnectionsByState() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        ObjectNode body = ApiClient.object().put("provider", TestService.PROVIDER).put("connection_id", "metered-1");
        body.putObject("credentials").put("access_token", grant.accessToken())
                .put("refresh_token", grant.refreshToken()).put("expires_in", 3600);
        service.api.post("/v1/connections", body);
        service.api.post("/v1/connections/metered-1/refresh", null);

        String metrics = service.api.get("/metrics").text();

        assertThat(metrics).contains("tokenkeeper_refresh_attempts_total{outcome=\"refreshed\",provider=\"fake\"} 1.0");
        assertThat(metrics).contains("tokenkeeper_refresh_latency_seconds_count{provider=\"fake\"} 1");
        assertThat(metrics).containsPattern("tokenkeeper_connections\\{state=\"active\"} [1-9]");
        assertThat(metrics).contains("tokenkeeper_due_lag_seconds").contains("tokenkeeper_scheduler_lag_seconds");
        assertThat(metrics).doesNotContain(grant.accessToken()).doesNotContain("metered-1");
    }

    @Test
    void health_answersUpAndReady_whileTheDatabaseAnswers() {
        assertThat(service.api.get("/health/ready").json().path("status").asText()).isEqualTo("ready");
        assertThat(service.api.get("/health/live").json().path("status").asText()).isEqualTo("up");
    }
}
