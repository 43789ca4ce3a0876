package dev.tokenkeeper.postgres.webhook;

import dev.tokenkeeper.core.webhook.DeliveryAttempt;
import dev.tokenkeeper.core.webhook.DeliveryStatus;
import dev.tokenkeeper.core.webhook.WebhookDelivery;
import dev.tokenkeeper.core.webhook.WebhookEndpoint;
import java.net.URI;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** Reads the rows of the webhook tables into the core records. */
final class WebhookRows {
    static final String ENDPOINT_COLUMNS = "id, url, description, events, enabled, disabled_reason, disabled_at,"
            + " failing_since, created_at, updated_at";
    static final String DELIVERY_COLUMNS = "id, endpoint_id, message_id, event_type, body, created_at, status,"
            + " attempts, next_attempt_at, last_status_code, last_error";

    private WebhookRows() {}

    static WebhookEndpoint endpoint(ResultSet row) throws SQLException {
        Array events = row.getArray("events");
        return new WebhookEndpoint(row.getString("id"), URI.create(row.getString("url")),
                row.getString("description"), Set.of((String[]) events.getArray()), row.getBoolean("enabled"),
                row.getString("disabled_reason"), instant(row.getTimestamp("disabled_at")),
                instant(row.getTimestamp("failing_since")),
                row.getTimestamp("created_at").toInstant(), row.getTimestamp("updated_at").toInstant());
    }

    static WebhookDelivery delivery(ResultSet row) throws SQLException {
        return new WebhookDelivery(row.getString("id"), row.getString("endpoint_id"), row.getString("message_id"),
                row.getString("event_type"), row.getString("body"), row.getTimestamp("created_at").toInstant(),
                DeliveryStatus.fromWireName(row.getString("status")).orElseThrow(), row.getInt("attempts"),
                instant(row.getTimestamp("next_attempt_at")), integer(row, "last_status_code"),
                row.getString("last_error"));
    }

    static DeliveryAttempt attempt(ResultSet row) throws SQLException {
        return new DeliveryAttempt(row.getTimestamp("at").toInstant(), integer(row, "status_code"),
                row.getString("error"), Duration.ofMillis(row.getLong("duration_ms")),
                row.getString("response_snippet"));
    }

    static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static Integer integer(ResultSet row, String column) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? null : value;
    }
}
