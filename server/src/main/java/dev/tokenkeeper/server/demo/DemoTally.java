package dev.tokenkeeper.server.demo;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.fake.TokenRequestRecord;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The numbers of the demo's one-line summary.
 *
 * @param byState   connections by state (every state present, zero or not)
 * @param refreshes successful refreshes so far, as Tokenkeeper counts them ({@code refresh_count})
 * @param rotations refresh answers that replaced the refresh token, as the rotating providers count them
 * @param refused   refresh requests the providers refused, by HTTP status (429, 5xx) or OAuth error
 */
public record DemoTally(Map<ConnectionState, Integer> byState, long refreshes, long rotations,
        SortedMap<String, Long> refused) {

    public DemoTally {
        EnumMap<ConnectionState, Integer> states = new EnumMap<>(ConnectionState.class);
        for (ConnectionState state : ConnectionState.values()) {
            states.put(state, Objects.requireNonNull(byState, "byState").getOrDefault(state, 0));
        }
        byState = states;
        refused = new TreeMap<>(Objects.requireNonNull(refused, "refused"));
    }

    /** Counts the connections' states and refreshes and the providers' answers to refresh requests. */
    public static DemoTally take(List<Connection> connections, DemoProviders providers) {
        Map<ConnectionState, Integer> byState = connections.stream()
                .collect(Collectors.groupingBy(Connection::state, Collectors.summingInt(connection -> 1)));
        long refreshes = connections.stream().mapToLong(Connection::refreshCount).sum();
        long rotations = 0;
        SortedMap<String, Long> refused = new TreeMap<>();
        for (DemoProvider provider : providers.all()) {
            for (TokenRequestRecord request : provider.fake().history()) {
                if (!request.isRefresh()) {
                    continue;
                }
                if (request.succeeded()) {
                    rotations += provider.rotates() ? 1 : 0;
                } else {
                    refused.merge(refusal(request), 1L, Long::sum);
                }
            }
        }
        return new DemoTally(byState, refreshes, rotations, refused);
    }

    public int count(ConnectionState state) {
        return byState.get(state);
    }

    public long refusedTotal() {
        return refused.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The summary, e.g. {@code 23 active, 1 needs_reauth, 0 misconfigured | refreshes: 57, rotations: 30 | refused
     * refresh requests: 9 (429 x2, 503 x6, invalid_grant x1)}.
     */
    public String line() {
        String states = byState.entrySet().stream()
                .map(entry -> entry.getValue() + " " + entry.getKey().wireName())
                .collect(Collectors.joining(", "));
        String refusals = refused.isEmpty() ? "" : refused.entrySet().stream()
                .map(entry -> entry.getKey() + " x" + entry.getValue())
                .collect(Collectors.joining(", ", " (", ")"));
        return states + " | refreshes: " + refreshes + ", rotations: " + rotations + " | refused refresh requests: "
                + refusedTotal() + refusals;
    }

    private static String refusal(TokenRequestRecord request) {
        if (request.status() == 0) {
            return "dropped";
        }
        boolean byStatus = request.status() == 429 || request.status() >= 500 || request.error() == null;
        return byStatus ? Integer.toString(request.status()) : request.error();
    }
}
