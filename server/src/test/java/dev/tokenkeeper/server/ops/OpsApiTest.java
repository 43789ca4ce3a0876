package dev.tokenkeeper.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.server.ServiceBackedTest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import dev.tokenkeeper.fake.webhook.WebhookReceiver;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

        // The gauges are read from the database at most every 5 s (another test may have just scraped).
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(service.api.get("/metrics").text())
                .containsPattern("tokenkeeper_connections\\{state=\"active\"} [1-9]"));
        assertThat(metrics).contains("tokenkeeper_refresh_attempts_total{outcome=\"refreshed\",provider=\"fake\"} 1.0");
        assertThat(metrics).contains("tokenkeeper_refresh_latency_seconds_count{provider=\"fake\"} 1");
        assertThat(metrics).contains("tokenkeeper_due_lag_seconds").contains("tokenkeeper_scheduler_lag_seconds");
        assertThat(metrics).doesNotContain(grant.accessToken()).doesNotContain("metered-1");
    }

    @Test
    void metrics_countTokenRequestsAnsweredFromTheConnectionCache() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        ObjectNode body = ApiClient.object().put("provider", TestService.PROVIDER).put("connection_id", "cached-1");
        body.putObject("credentials").put("access_token", grant.accessToken())
                .put("refresh_token", grant.refreshToken()).put("expires_in", 3600);
        service.api.post("/v1/connections", body);

        for (int i = 0; i < 3; i++) {
            assertThat(service.api.post("/v1/connections/cached-1/token", null).json().path("access_token").asText())
                    .isEqualTo(grant.accessToken());
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String metrics = service.api.get("/metrics").text();
            assertThat(gauge(metrics, "tokenkeeper_connection_cache_hits_total")).as(metrics.lines()
                    .filter(line -> line.startsWith("tokenkeeper_connection_cache")).toList().toString())
                    .isGreaterThanOrEqualTo(1);
            assertThat(metrics).contains("tokenkeeper_connection_cache_misses_total")
                    .contains("tokenkeeper_connection_cache_evictions_total{cause=\"notice\"}")
                    .contains("tokenkeeper_connection_cache_entries");
        });
    }

    @Test
    void metrics_showThePendingWebhookDeliveries_theOldestOnesAge_andTheDeliveryLag() throws IOException {
        String unreachable = "http://127.0.0.1:" + TestService.freePort() + "/hooks";
        String stuck = service.api.post("/v1/webhook-endpoints", ApiClient.object().put("url", unreachable)).json()
                .path("id").asText();
        service.api.post("/v1/webhook-endpoints/" + stuck + "/test", null);
        String live = null;
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            live = service.api.post("/v1/webhook-endpoints", ApiClient.object()
                    .put("url", receiver.url().toString())).json().path("id").asText();
            service.api.post("/v1/webhook-endpoints/" + live + "/test", null);
            String liveId = live;

            // The gauges are read from the database at most every 5 s.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                String metrics = service.api.get("/metrics").text();
                assertThat(gauge(metrics, "tokenkeeper_webhook_pending_deliveries")).isGreaterThanOrEqualTo(1);
                assertThat(gauge(metrics, "tokenkeeper_webhook_oldest_pending_seconds")).isPositive();
                assertThat(metrics).containsPattern("tokenkeeper_webhook_delivery_lag_seconds_count [1-9]")
                        .contains("tokenkeeper_webhook_attempts_total{endpoint=\"" + liveId
                                + "\",outcome=\"succeeded\"} 1.0");
            });
        } finally {
            service.api.delete("/v1/webhook-endpoints/" + stuck);
            if (live != null) {
                service.api.delete("/v1/webhook-endpoints/" + live);
            }
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String metrics = service.api.get("/metrics").text();
            assertThat(gauge(metrics, "tokenkeeper_webhook_pending_deliveries")).isZero();
            assertThat(gauge(metrics, "tokenkeeper_webhook_oldest_pending_seconds")).isZero();
        });
    }

    @Test
    void health_answersUpAndReady_whileTheDatabaseAnswers() {
        assertThat(service.api.get("/health/ready").json().path("status").asText()).isEqualTo("ready");
        assertThat(service.api.get("/health/live").json().path("status").asText()).isEqualTo("up");
    }

    /** The value of a metric without labels in a Prometheus scrape. */
    private static double gauge(String scrape, String name) {
        Matcher line = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(scrape);
        assertThat(line.find()).as(name + " in the scrape").isTrue();
        return Double.parseDouble(line.group(1));
    }
}
