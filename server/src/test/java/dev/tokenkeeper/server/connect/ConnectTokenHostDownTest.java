package dev.tokenkeeper.server.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.server.TestService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A token endpoint that nobody answers at (connection refused): the failed connect is named provider_unreachable. */
class ConnectTokenHostDownTest {
    @RegisterExtension
    static final ConnectSteps steps = new ConnectSteps(config -> config.tokenUrl(closedPort()));

    @Test
    void connect_namesProviderUnreachable_forTheProvider_whenTheTokenEndpointRefusesConnections() {
        JsonNode session = steps.start(ConnectSteps.body());

        steps.callback(steps.authorize(session));

        JsonNode error = steps.api().get("/v1/connect-sessions/" + session.path("id").asText()).json().path("error");
        assertThat(error.path("code").asText()).isEqualTo("provider_unavailable");
        assertThat(error.path("cause").asText()).isEqualTo("provider_unreachable");
        assertThat(error.path("actor").asText()).isEqualTo("provider");
        assertThat(error.path("fix").asText()).contains("token_url");
    }

    /** A loopback URL on a port that was free a moment ago, so connecting to it is refused. */
    private static URI closedPort() {
        try {
            return URI.create("http://127.0.0.1:" + TestService.freePort() + "/oauth/token");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
