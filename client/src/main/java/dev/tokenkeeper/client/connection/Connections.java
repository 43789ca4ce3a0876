package dev.tokenkeeper.client.connection;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.client.Page;
import dev.tokenkeeper.client.internal.ApiCall;
import dev.tokenkeeper.client.internal.Json;
import dev.tokenkeeper.client.internal.Pages;
import dev.tokenkeeper.client.internal.Transport;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/** The {@code /v1/connections} calls. */
public final class Connections {
    private static final String PATH = "/v1/connections";

    private final Transport transport;

    public Connections(Transport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /** {@code POST /v1/connections}: imports a grant as a new active connection. */
    public Connection create(ConnectionImport grant) {
        ObjectNode body = Json.object().put("provider", grant.provider());
        if (grant.connectionId() != null) {
            body.put("connection_id", grant.connectionId());
        }
        if (grant.credentials() != null) {
            body.set("credentials", grant.credentials().toJson());
        }
        if (grant.metadata() != null) {
            body.set("metadata", Json.tree(grant.metadata()));
        }
        if (grant.connectionConfig() != null) {
            body.set("connection_config", Json.tree(grant.connectionConfig()));
        }
        return transport.read(ApiCall.post(PATH, body), Connection.class);
    }

    /** {@code GET /v1/connections}: one page. */
    public Page<Connection> list(ConnectionQuery query) {
        ApiCall call = ApiCall.get(PATH).param("provider", query.provider())
                .param("state", query.state() == null ? null : query.state().apiName())
                .param("limit", query.limit()).param("cursor", query.cursor());
        for (Map.Entry<String, String> entry : query.metadata().entrySet()) {
            call = call.param("metadata." + entry.getKey(), entry.getValue());
        }
        return Pages.read(transport.json(call), "connections", Connection.class);
    }

    /** Every connection the query matches, from its cursor on, one page request at a time as the stream is read. */
    public Stream<Connection> listAll(ConnectionQuery query) {
        return Pages.all(cursor -> list(cursor == null ? query : query.after(cursor)));
    }

    /** {@code GET /v1/connections/{id}}. */
    public Connection get(String id) {
        return transport.read(ApiCall.get(path(id)), Connection.class);
    }

    /**
     * {@code PATCH /v1/connections/{id}}: sets each metadata key to its value, and removes the keys mapped to null.
     */
    public Connection patchMetadata(String id, Map<String, String> changes) {
        ObjectNode metadata = Json.object();
        changes.forEach(metadata::put);
        ObjectNode body = Json.object();
        body.set("metadata", metadata);
        return transport.read(ApiCall.of("PATCH", path(id), body), Connection.class);
    }

    /** {@code DELETE /v1/connections/{id}}: the connection as it was, with what came of the revocation. */
    public Connection delete(String id) {
        return transport.read(ApiCall.of("DELETE", path(id), null).retryable(true), Connection.class);
    }

    /**
     * {@code POST /v1/connections/{id}/token}: a usable access token, refreshed first when close to its expiry.
     * Retried after {@code Retry-After} on {@code token_unavailable}.
     */
    public AccessToken token(String id) {
        return transport.read(ApiCall.post(path(id) + "/token", null).retryable(true), AccessToken.class);
    }

    /** {@code POST /v1/connections/{id}/refresh}: refreshes now and answers the new token. */
    public AccessToken refresh(String id) {
        return transport.read(ApiCall.post(path(id) + "/refresh", null).retryable(true), AccessToken.class);
    }

    /** {@code GET /v1/connections/{id}/events}: the timeline, oldest first, at most {@code limit} (null: 100). */
    public ConnectionEvents events(String id, Integer limit) {
        return transport.read(ApiCall.get(path(id) + "/events").param("limit", limit), ConnectionEvents.class);
    }

    /** {@code POST /v1/connections/{id}/diagnose}: runs the checks and names the cause. */
    public Diagnosis diagnose(String id) {
        return transport.read(ApiCall.post(path(id) + "/diagnose", null), Diagnosis.class);
    }

    private static String path(String id) {
        return PATH + "/" + ApiCall.segment(id);
    }
}
