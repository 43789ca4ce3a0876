package dev.tokenkeeper.server.admin;

import java.util.List;
import java.util.Objects;

/**
 * What the overview page shows: misconfigured providers first (cause and fix), every provider's health, connections
 * by state, the due-work lag, the webhook backlog and actions by state, with the session's CSRF token for its forms.
 */
public record Overview(String csrfToken, List<Provider> misconfigured, List<Provider> providers,
        List<Count> connections, long dueLagSeconds, long webhooksPending, long oldestWebhookSeconds,
        List<Count> actions) {

    public Overview {
        Objects.requireNonNull(csrfToken, "csrfToken");
        misconfigured = List.copyOf(misconfigured);
        providers = List.copyOf(providers);
        connections = List.copyOf(connections);
        actions = List.copyOf(actions);
    }

    /** One provider's health as {@code GET /v1/providers} shows it (cause, summary and fix empty when ok). */
    public record Provider(String key, String state, String cause, String summary, String fix, String since,
            int affectedConnections) {}

    /** A number of things in one state. */
    public record Count(String state, long count) {}

    /** The sum of the counts. */
    public static long total(List<Count> counts) {
        return counts.stream().mapToLong(Count::count).sum();
    }
}
