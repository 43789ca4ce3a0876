package dev.tokenkeeper.client.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.client.LiveServiceTest;
import dev.tokenkeeper.server.TestService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Connect sessions and reconnect links through the SDK against a real service. */
class ConnectTest extends LiveServiceTest {

    @Test
    void createThenGet_startAPendingSession_towardsTheProvidersAuthorizeUrl() {
        ConnectSession session = client.connectSessions().create(ConnectSessionInput.of(TestService.PROVIDER,
                "connect-new").withRedirectAfter(URI.create("http://127.0.0.1:9/done")));

        ConnectSessionStatus status = client.connectSessions().get(session.id());

        assertThat(session.authorizeUrl().toString()).startsWith(service.provider.authorizationUrl().toString())
                .contains("code_challenge=");
        assertThat(session.connectionId()).isEqualTo("connect-new");
        assertThat(session.expiresAt()).isAfter(Instant.now());
        assertThat(status.state()).isEqualTo("pending");
        assertThat(status.provider()).isEqualTo(TestService.PROVIDER);
        assertThat(status.error()).isNull();
    }

    @Test
    void reconnectLink_opensTowardsTheProvider_untilItIsRevoked() throws Exception {
        imported("connect-link");

        ReconnectLink link = client.reconnectLinks().create("connect-link", Duration.ofHours(1), null);
        int beforeRevocation = open(link.url());
        RevokedReconnectLink revoked = client.reconnectLinks().revoke(link.id());

        assertThat(link.expiresAt()).isBetween(Instant.now().plusSeconds(3500), Instant.now().plusSeconds(3700));
        assertThat(beforeRevocation).isEqualTo(302);
        assertThat(revoked.connectionId()).isEqualTo("connect-link");
        assertThat(revoked.revokedAt()).isNotNull();
        assertThat(open(link.url())).isEqualTo(410);
    }

    private static int open(URI link) throws Exception {
        try (HttpClient browser = HttpClient.newHttpClient()) {
            return browser.send(HttpRequest.newBuilder(link).GET().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }
    }
}
