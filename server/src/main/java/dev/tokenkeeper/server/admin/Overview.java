package dev.tokenkeeper.server.admin;

import java.util.List;
import java.util.Objects;

/**
 * What the overview page shows: misconfigured providers first (cause and fix), every provider's health and
 * connections by state, connections by state, the last hour's refreshes by outcome, the due-work lag, the webhook
 * backlog and actions by state, with the session's CSRF token for its forms.
 */
public record Overview(String csrfToken, List<Provider> misconfigured, List<Provider> providers,
        List<Count> connections, List<Count> refreshesLastHour, long dueLagSeconds, long webhooksPending,
        long oldestWebhookSeconds, List<Count> actions) {

    public Overview {
        Objects.requireNonNull(csrfToken, "csrfToken");
        misconfigured = List.copyOf(misconfigured);
        providers = List.copyOf(providers);
        connections = List.copyOf(connections);
        refreshesLastHour = List.copyOf(refreshesLastHour);
        actions = List.copyOf(actions);
    }

    /**
     * One provider's health as {@code GET /v1/providers} shows it (cause, summary and fix empty when ok), and its
     * connections by state ({@code configured} false for a key that has connections but no config any more).
     */
    public record Provider(String key, boolean configured, String state, String cause, String summary, String fix,
            String since, int affectedConnections, List<Count> connections) {
        public Provider {
            connections = List.copyOf(connections);
        }

        /** The query of the console's list of this provider's connections in {@code state}. */
        public String listQuery(String state) {
            return Forms.query("provider", key, "state", state);
        }
    }

    /** The query of the console's list of the connections in {@code state}. */
    public static String listQuery(String state) {
        return Forms.query("state", state);
    }

    /** A number of things in one state. */
    public record Count(String state, long count) {}

    /** The sum of the counts. */
    public static long total(List<Count> counts) {
        return counts.stream().mapToLong(Count::count).sum();
    }
}
