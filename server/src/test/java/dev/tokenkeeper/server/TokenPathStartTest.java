package dev.tokenkeeper.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.postgres.connection.ConnectionCacheSettings;
import dev.tokenkeeper.testkit.clock.SettableClock;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link Tokenkeeper#start} takes the connection cache from {@link ServerSettings#tokenPath()}. */
class TokenPathStartTest {

    @Test
    void start_runsWithoutAConnectionCache_whenTheTokenPathsCacheSizeIs0() {
        try (TestService service = TestService.start(false, b -> b, s -> s.withTokenPath(new TokenPathSettings(
                new ConnectionCacheSettings(0, ConnectionCacheSettings.DEFAULT_TTL), 16)))) {
            IssuedGrant grant = importGrant(service, "uncached-1");

            assertThat(token(service, "uncached-1")).isEqualTo(grant.accessToken());
            assertThat(token(service, "uncached-1")).isEqualTo(grant.accessToken());

            assertThat(service.api.get("/metrics").text()).doesNotContain("tokenkeeper_connection_cache_");
        }
    }

    @Test
    void start_keepsACachedConnectionForTheTokenPathsTtl_whenItIsLongerThanTheDefault() {
        SettableClock clock = new SettableClock();
        try (TestService service = TestService.start(clock, clock, false, b -> b, s -> s.withTokenPath(
                new TokenPathSettings(new ConnectionCacheSettings(100, Duration.ofHours(1)), 16)))) {
            importGrant(service, "cached-1");

            // Five minutes on the clock are ten times the default 30 s lifetime: with it each read after the jump
            // would miss. A notice of the import arriving late may evict the entry once, hence the retries.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                token(service, "cached-1");
                double hits = counter(service, "tokenkeeper_connection_cache_hits_total");
                clock.advance(Duration.ofMinutes(5));
                token(service, "cached-1");
                assertThat(counter(service, "tokenkeeper_connection_cache_hits_total")).isEqualTo(hits + 1);
            });
        }
    }

    private static IssuedGrant importGrant(TestService service, String id) {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        ObjectNode body = ApiClient.object().put("provider", TestService.PROVIDER).put("connection_id", id);
        body.putObject("credentials").put("access_token", grant.accessToken())
                .put("refresh_token", grant.refreshToken()).put("expires_in", 86_400);
        service.api.post("/v1/connections", body);
        return grant;
    }

    private static String token(TestService service, String id) {
        return service.api.post("/v1/connections/" + id + "/token", null).json().path("access_token").asText();
    }

    private static double counter(TestService service, String name) {
        Matcher line = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(service.api.get("/metrics").text());
        assertThat(line.find()).as(name + " in the scrape").isTrue();
        return Double.parseDouble(line.group(1));
    }
}
