package dev.tokenkeeper.client.webhook;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/** An endpoint to add: its URL, the event types it receives (null or empty: every type) and a description. */
public record WebhookEndpointInput(URI url, List<String> events, String description) {
    public WebhookEndpointInput {
        Objects.requireNonNull(url, "url");
        events = events == null ? null : List.copyOf(events);
    }

    /** An endpoint at {@code url} receiving every type. */
    public static WebhookEndpointInput of(URI url) {
        return new WebhookEndpointInput(url, null, null);
    }
}
