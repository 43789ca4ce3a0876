package dev.tokenkeeper.client.webhook;

import java.net.URI;
import java.util.List;

/** A change of an endpoint: each non-null field replaces the endpoint's; null fields are kept as they are. */
public record WebhookEndpointPatch(URI url, List<String> events, String description, Boolean enabled) {
    public WebhookEndpointPatch {
        events = events == null ? null : List.copyOf(events);
    }

    /** Enables or disables the endpoint, nothing else. */
    public static WebhookEndpointPatch enabled(boolean enabled) {
        return new WebhookEndpointPatch(null, null, null, enabled);
    }
}
