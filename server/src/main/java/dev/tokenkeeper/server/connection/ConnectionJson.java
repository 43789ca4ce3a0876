package dev.tokenkeeper.server.connection;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionEvent;
import dev.tokenkeeper.core.connection.CurrentCause;
import dev.tokenkeeper.core.connection.LastError;
import dev.tokenkeeper.core.refresh.FailureReason;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.server.http.Json;
import java.time.Instant;
import java.util.List;

/** Renders connections, tokens and timelines as API.md's JSON; never a refresh token or a client secret. */
public final class ConnectionJson {
    /** The wire type of a refresh attempt in a timeline. */
    public static final String ATTEMPT_TYPE = "refresh.attempted";

    private ConnectionJson() {}

    /** The connection's state and bookkeeping, with {@code cause}: what is wrong with it now. */
    public static ObjectNode connection(Connection connection, CurrentCause cause) {
        ObjectNode node = Json.object();
        node.put("id", connection.id());
        node.put("provider", connection.providerKey());
        node.put("state", connection.state().wireName());
        time(node, "expires_at", connection.tokens().expiresAt());
        time(node, "next_refresh_at", connection.nextRefreshAt());
        time(node, "last_refreshed_at", connection.lastRefreshedAt());
        node.put("refresh_count", connection.refreshCount());
        node.put("consecutive_failures", connection.consecutiveFailures());
        node.put("has_refresh_token", connection.tokens().refreshToken() != null);
        time(node, "refresh_token_expires_at", connection.tokens().refreshTokenExpiresAt());
        ArrayNode scopes = node.putArray("scopes");
        connection.tokens().scopes().forEach(scopes::add);
        if (connection.lastError() == null) {
            node.putNull("last_error");
        } else {
            node.set("last_error", lastError(connection.lastError()));
        }
        cause(node, cause);
        ObjectNode metadata = node.putObject("metadata");
        connection.metadata().forEach(metadata::put);
        time(node, "created_at", connection.createdAt());
        time(node, "updated_at", connection.updatedAt());
        return node;
    }

    /**
     * {@code cause} (a catalogue code), {@code cause_since}, and {@code condition}: the named condition
     * {@code refresh_failing} with its start while retryable failures last past the escalation period, else null.
     */
    private static void cause(ObjectNode node, CurrentCause cause) {
        node.put("cause", cause.cause().code());
        time(node, "cause_since", cause.since());
        if (cause.cause() == Cause.REFRESH_FAILING) {
            ObjectNode condition = node.putObject("condition").put("code", cause.cause().code());
            time(condition, "since", cause.since());
        } else {
            node.putNull("condition");
        }
    }

    /** A usable access token: API.md's token answer. */
    public static ObjectNode token(Connection connection) {
        TokenSet tokens = connection.tokens();
        ObjectNode node = Json.object();
        node.put("connection_id", connection.id());
        node.put("access_token", tokens.accessToken().reveal());
        node.put("token_type", tokens.tokenType());
        time(node, "expires_at", tokens.expiresAt());
        node.set("raw", Json.mapper().valueToTree(tokens.raw()));
        return node;
    }

    /**
     * {@code {code, message, provider_status, provider_error, provider_description, provider_subcode, class, cause,
     * at}}.
     */
    public static ObjectNode lastError(LastError error) {
        ObjectNode node = reason(error.reason());
        node.put("class", error.failureClass().wireName());
        node.put("cause", error.reason().cause().code());
        time(node, "at", error.at());
        return node;
    }

    /** A timeline, oldest first. */
    public static ObjectNode events(String connectionId, List<ConnectionEvent> events) {
        ObjectNode node = Json.object();
        node.put("connection_id", connectionId);
        ArrayNode list = node.putArray("events");
        events.forEach(event -> list.add(event(event)));
        return node;
    }

    static ObjectNode event(ConnectionEvent event) {
        ObjectNode node = Json.object();
        switch (event) {
            case ConnectionEvent.StateChanged changed -> {
                node.put("type", changed.type().wireName());
                time(node, "at", changed.at());
                node.put("from", changed.from() == null ? null : changed.from().wireName());
                node.put("to", changed.to().wireName());
                if (changed.reason() == null) {
                    node.putNull("reason");
                } else {
                    node.set("reason", reason(changed.reason()).put("cause", changed.reason().cause().code()));
                }
            }
            case ConnectionEvent.RefreshAttempted attempt -> {
                node.put("type", ATTEMPT_TYPE);
                time(node, "at", attempt.at());
                node.put("duration_ms", attempt.duration().toMillis());
                node.put("url", attempt.url());
                node.put("grant_type", attempt.grantType());
                node.put("client_id", attempt.clientId());
                node.put("status", attempt.status());
                node.put("class", attempt.outcome() == null ? null : attempt.outcome().wireName());
                node.put("code", attempt.code());
                node.put("response_body", attempt.responseBody());
                ArrayNode notes = node.putArray("notes");
                attempt.notes().forEach(notes::add);
                node.put("fence", attempt.fence());
            }
        }
        return node;
    }

    private static ObjectNode reason(FailureReason reason) {
        ObjectNode node = Json.object();
        node.put("code", reason.code());
        node.put("message", reason.message());
        node.put("provider_status", reason.providerStatus());
        node.put("provider_error", reason.providerError());
        node.put("provider_description", reason.providerDescription());
        node.put("provider_subcode", reason.providerSubcode());
        return node;
    }

    static void time(ObjectNode node, String field, Instant at) {
        if (at == null) {
            node.putNull(field);
        } else {
            node.put(field, at.toString());
        }
    }
}
