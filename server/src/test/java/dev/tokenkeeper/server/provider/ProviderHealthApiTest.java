package dev.tokenkeeper.server.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionEvent;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.connection.EventType;
import dev.tokenkeeper.core.health.ProviderEvent;
import dev.tokenkeeper.core.health.ProviderEventType;
import dev.tokenkeeper.core.health.ProviderHealthWatch;
import dev.tokenkeeper.core.port.ConnectionQuery;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import dev.tokenkeeper.fake.TokenRequestRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A provider-wide fault marks the provider once, and fixing its config heals every connection through the refresh
 * schedule: no user reconnects.
 */
class ProviderHealthApiTest {
    private static final int CONNECTIONS = 200;
    private static final String WRONG_SECRET = "a-secret-copied-wrong";
    private static TestService service;

    @BeforeAll
    static void start() {
        service = TestService.start(true, UnaryOperator.identity());
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void aConfigFixHealsEveryConnection_whenAWrongClientSecretMisconfiguredThemAll() {
        String provider = TestService.PROVIDER;
        assertThat(putSecret(provider, WRONG_SECRET).path("reverifying_connections").asInt()).isZero();
        for (int i = 0; i < CONNECTIONS; i++) {
            importShortLived(provider, "heal-%03d".formatted(i));
        }

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> inState(provider, ConnectionState.MISCONFIGURED).size() == CONNECTIONS);

        assertThat(providerEvents(provider)).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(ProviderEventType.MISCONFIGURED);
            assertThat(event.cause().code()).isEqualTo("client_credentials_rejected");
        });
        JsonNode sick = service.api.get("/v1/providers/" + provider).json().path("health");
        assertThat(sick.path("state").asText()).isEqualTo("misconfigured");
        assertThat(sick.path("cause").asText()).isEqualTo("client_credentials_rejected");
        assertThat(sick.path("since").isTextual()).isTrue();
        assertThat(sick.path("affected_connections").asInt()).isEqualTo(CONNECTIONS);
        assertThat(listedHealth(provider).path("state").asText()).isEqualTo("misconfigured");

        service.provider.resetObservations();
        JsonNode fixed = putSecret(provider, FakeProvider.DEFAULT_CLIENT_SECRET);

        assertThat(fixed.path("reverifying_connections").asInt()).isEqualTo(CONNECTIONS);
        assertStaggered(inState(provider, ConnectionState.MISCONFIGURED));
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> inState(provider, ConnectionState.ACTIVE).size() == CONNECTIONS);
        for (Connection healed : inState(provider, ConnectionState.ACTIVE)) {
            assertThat(service.tokenkeeper.parts().store().events(healed.id(), 100))
                    .as("the timeline of %s", healed.id())
                    .anySatisfy(event -> assertThat(event).isInstanceOfSatisfying(ConnectionEvent.StateChanged.class,
                            changed -> assertThat(changed.type()).isEqualTo(EventType.REACTIVATED)));
        }
        assertThat(providerEvents(provider)).extracting(ProviderEvent::type)
                .containsExactly(ProviderEventType.MISCONFIGURED, ProviderEventType.RECOVERED);
        JsonNode healthy = service.api.get("/v1/providers/" + provider).json().path("health");
        assertThat(healthy.path("state").asText()).isEqualTo("ok");
        assertThat(healthy.path("cause").isNull()).isTrue();
        assertThat(healthy.path("affected_connections").asInt()).isZero();
        List<TokenRequestRecord> requests = service.provider.history();
        assertThat(requests).filteredOn(request -> "authorization_code".equals(request.grantType())).isEmpty();
        assertThat(requests).filteredOn(TokenRequestRecord::isRefresh).hasSize(CONNECTIONS)
                .allMatch(TokenRequestRecord::succeeded);
    }

    @Test
    void put_reverifiesNothing_whenTheConfigDidNotChange() {
        String provider = "fake-unchanged";
        service.tokenkeeper.parts().providers().save(TestService.providerConfig(provider, service.provider).build());
        putSecret(provider, WRONG_SECRET);
        String id = "unchanged-1";
        importShortLived(provider, id);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> inState(provider, ConnectionState.MISCONFIGURED).size() == 1);

        JsonNode again = putSecret(provider, WRONG_SECRET);

        assertThat(again.path("reverifying_connections").asInt()).isZero();
        Connection still = service.tokenkeeper.parts().store().find(id).orElseThrow();
        assertThat(still.state()).isEqualTo(ConnectionState.MISCONFIGURED);
        assertThat(still.nextRefreshAt()).isNull();
        assertThat(again.path("health").path("state").asText()).isEqualTo("misconfigured");
        assertThat(again.path("health").path("affected_connections").asInt()).isEqualTo(1);
    }

    /** Reads the provider's config, sets its client secret, and sends it back; the answer of the PUT. */
    private static JsonNode putSecret(String provider, String secret) {
        ObjectNode config = (ObjectNode) service.api.get("/v1/providers/" + provider).json();
        config.put("client_secret", secret);
        Answer answer = service.api.put("/v1/providers/" + provider, config);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.text()).doesNotContain(secret);
        return answer.json();
    }

    /** Imports a grant whose access token expires at once, so the schedule refreshes it within a second. */
    private static void importShortLived(String provider, String id) {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        ObjectNode body = ApiClient.object().put("provider", provider).put("connection_id", id);
        body.putObject("credentials").put("access_token", grant.accessToken())
                .put("refresh_token", grant.refreshToken()).put("expires_in", 1);
        Answer created = service.api.post("/v1/connections", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
    }

    /** Re-verification is spread out: the refresh times still pending are distinct and at least the spacing apart. */
    private static void assertStaggered(List<Connection> pending) {
        List<Instant> times = pending.stream().map(Connection::nextRefreshAt).filter(at -> at != null).sorted()
                .toList();
        assertThat(times).hasSizeGreaterThan(1);
        for (int i = 1; i < times.size(); i++) {
            assertThat(Duration.between(times.get(i - 1), times.get(i)))
                    .isGreaterThanOrEqualTo(ProviderHealthWatch.DEFAULT_REVERIFY_SPACING);
        }
        assertThat(Duration.between(times.getFirst(), times.getLast()))
                .isLessThanOrEqualTo(ProviderHealthWatch.DEFAULT_REVERIFY_SPACING.multipliedBy(CONNECTIONS - 1));
    }

    private static List<Connection> inState(String provider, ConnectionState state) {
        return service.tokenkeeper.parts().store().list(new ConnectionQuery(provider, state, null, 1000));
    }

    private static List<ProviderEvent> providerEvents(String provider) {
        return service.tokenkeeper.parts().providerHealth().providerEvents(provider, 100);
    }

    private static JsonNode listedHealth(String provider) {
        for (JsonNode item : service.api.get("/v1/providers").json().path("providers")) {
            if (item.path("key").asText().equals(provider)) {
                return item.path("health");
            }
        }
        throw new AssertionError("provider " + provider + " is not listed");
    }
}
