package dev.tokenkeeper.client.connect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.client.internal.ApiCall;
import dev.tokenkeeper.client.internal.Json;
import dev.tokenkeeper.client.internal.Transport;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/** The reconnect-link calls. */
public final class ReconnectLinks {
    private final Transport transport;

    public ReconnectLinks(Transport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /**
     * {@code POST /v1/connections/{id}/reconnect-link}: a link valid for {@code expiresIn} (null: 7 days; whole
     * seconds, 1 minute to 30 days) that sends the browser to {@code redirectAfter} (null: Tokenkeeper's page).
     */
    public ReconnectLink create(String connectionId, Duration expiresIn, URI redirectAfter) {
        ObjectNode body = Json.object();
        if (expiresIn != null) {
            body.put("expires_in", expiresIn.toSeconds());
        }
        if (redirectAfter != null) {
            body.put("redirect_after", redirectAfter.toString());
        }
        return transport.read(ApiCall.post("/v1/connections/" + ApiCall.segment(connectionId) + "/reconnect-link",
                body), ReconnectLink.class);
    }

    /** {@code DELETE /v1/reconnect-links/{id}}. */
    public RevokedReconnectLink revoke(String id) {
        return transport.read(ApiCall.of("DELETE", "/v1/reconnect-links/" + ApiCall.segment(id), null)
                .retryable(true), RevokedReconnectLink.class);
    }
}
