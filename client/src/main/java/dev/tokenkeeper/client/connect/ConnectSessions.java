package dev.tokenkeeper.client.connect;

import dev.tokenkeeper.client.internal.ApiCall;
import dev.tokenkeeper.client.internal.Json;
import dev.tokenkeeper.client.internal.Transport;
import java.util.Objects;

/** The {@code /v1/connect-sessions} calls. */
public final class ConnectSessions {
    private final Transport transport;

    public ConnectSessions(Transport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /** {@code POST /v1/connect-sessions}: starts the flow (a reconnect when the connection exists). */
    public ConnectSession create(ConnectSessionInput input) {
        return transport.read(ApiCall.post("/v1/connect-sessions", Json.tree(input)), ConnectSession.class);
    }

    /** {@code GET /v1/connect-sessions/{id}}. */
    public ConnectSessionStatus get(String id) {
        return transport.read(ApiCall.get("/v1/connect-sessions/" + ApiCall.segment(id)),
                ConnectSessionStatus.class);
    }
}
