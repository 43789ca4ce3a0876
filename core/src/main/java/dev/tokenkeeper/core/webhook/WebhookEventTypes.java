package dev.tokenkeeper.core.webhook;

import java.util.Set;

/** The event types a webhook endpoint can subscribe to (API.md, section Webhooks). */
public final class WebhookEventTypes {
    public static final String PING = "ping";
    /** Sent to the other endpoints when one is disabled (it answered 410, or failed for days): someone must look. */
    public static final String ENDPOINT_DISABLED = "webhook_endpoint.disabled";

    /** Every type, for validating an endpoint's {@code events}. */
    public static final Set<String> ALL = Set.of("connection.created", "connection.needs_reauth",
            "connection.misconfigured", "connection.reactivated", "connection.deleted", "connection.refresh_failing",
            "connection.refresh_token_expiring",
            "provider.misconfigured", "provider.recovered", "connect.failed", "action.held", "action.succeeded",
            "action.failed", "action.expired", ENDPOINT_DISABLED, PING);

    private WebhookEventTypes() {}
}
