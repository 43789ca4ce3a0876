package dev.tokenkeeper.postgres.instances;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionEvent;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.postgres.connection.PostgresConnectionStore;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import dev.tokenkeeper.fake.TokenRequestRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Every connection's end, held against the provider's own record: kept (active with the provider's current refresh
 * token), surfaced (needs_reauth because a refresh was interrupted, with how long after the provider's last accepted
 * refresh of the grant the connection said so), or wrong (a silent loss, or any other end, with why).
 *
 * @param kept      connections active with the provider's current refresh token
 * @param surfaced  each connection that ended in needs_reauth with cause refresh_interrupted, with the delay
 * @param wrong     each other connection, with what is wrong
 */
record LossAudit(int kept, Map<String, Duration> surfaced, Map<String, String> wrong) {
    private static final int EVENTS = 200;

    static LossAudit of(PostgresConnectionStore store, FakeProvider provider, Map<String, IssuedGrant> grants) {
        int kept = 0;
        Map<String, Duration> surfaced = new TreeMap<>();
        Map<String, String> wrong = new TreeMap<>();
        Map<String, Instant> lastAcceptedByGrant = provider.history().stream()
                .filter(call -> call.status() == 200 && call.grantId() != null)
                .collect(Collectors.toMap(TokenRequestRecord::grantId, TokenRequestRecord::receivedAt,
                        (one, other) -> one.isAfter(other) ? one : other));
        for (Map.Entry<String, IssuedGrant> entry : grants.entrySet()) {
            String id = entry.getKey();
            String grantId = entry.getValue().grantId();
            Connection stored = store.find(id).orElseThrow();
            Optional<String> current = provider.currentRefreshToken(grantId);
            if (stored.state() == ConnectionState.ACTIVE) {
                if (current.isPresent() && stored.tokens().refreshToken().equals(Secret.of(current.get()))) {
                    kept++;
                } else {
                    wrong.put(id, "silent loss: active, but its refresh token is not the provider's current one"
                            + provider.revocationOf(grantId).map(revoked -> " (grant revoked: " + revoked + ")")
                                    .orElse(""));
                }
                continue;
            }
            Optional<ConnectionEvent.StateChanged> change = store.events(id, EVENTS).stream()
                    .filter(ConnectionEvent.StateChanged.class::isInstance).map(ConnectionEvent.StateChanged.class::cast)
                    .filter(event -> event.to() == stored.state()).reduce((first, second) -> second);
            Cause cause = change.map(ConnectionEvent.StateChanged::reason).map(reason -> reason.cause()).orElse(null);
            if (stored.state() != ConnectionState.NEEDS_REAUTH || cause != Cause.REFRESH_INTERRUPTED) {
                wrong.put(id, stored.state().wireName() + " with cause " + cause + " (last error "
                        + (stored.lastError() == null ? null : stored.lastError().reason().code()) + ")");
                continue;
            }
            Instant lastAccepted = lastAcceptedByGrant.getOrDefault(grantId, stored.createdAt());
            surfaced.put(id, Duration.between(lastAccepted, change.get().at()));
        }
        return new LossAudit(kept, surfaced, wrong);
    }

    /** The connections surfaced later than {@code bound} after the provider's last accepted refresh. */
    Map<String, Duration> surfacedLaterThan(Duration bound) {
        Map<String, Duration> late = new TreeMap<>();
        surfaced.forEach((id, delay) -> {
            if (delay.compareTo(bound) > 0) {
                late.put(id, delay);
            }
        });
        return late;
    }

    Duration longestDelay() {
        return surfaced.values().stream().max(Comparator.naturalOrder()).orElse(Duration.ZERO);
    }

    List<Duration> delays() {
        return surfaced.values().stream().sorted().toList();
    }
}
