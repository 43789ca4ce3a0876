package dev.tokenkeeper.postgres.instances;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.token.ExpiryPolicy;
import dev.tokenkeeper.postgres.connection.PostgresConnectionStore;
import dev.tokenkeeper.fake.AfterHang;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.TokenRequestRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** What the chaos runs ({@link ChaosTest}, {@link T1ChaosTest}) check and inject alike. */
final class ChaosChecks {
    /** The time a refresh may take after its claim, beyond the instances' HTTP deadline: its commit. */
    static final Duration COMMIT_ALLOWANCE = Duration.ofSeconds(1);
    /** What the scheduler's rising lag warning starts with. */
    static final String RISING_LAG_LINE = "refresh_scheduler_lag lag=";

    private ChaosChecks() {}

    /** The least margin before expiry the default expiry policy gives a token of this lifetime, lag or not. */
    static Duration promisedMargin(Duration lifetime) {
        Duration half = lifetime.dividedBy(2);
        Duration minMargin = ExpiryPolicy.DEFAULT.minMargin();
        return minMargin.compareTo(half) <= 0 ? minMargin : half;
    }

    /** Refresh tokens presented more than once and accepted: retries after a kill or a timeout mid-request. */
    static long resentWithinGrace(FakeProvider provider) {
        Map<String, Long> accepted = provider.history().stream()
                .filter(call -> "refresh_token".equals(call.grantType()) && call.status() == 200)
                .collect(Collectors.groupingBy(TokenRequestRecord::refreshTokenFingerprint, Collectors.counting()));
        return accepted.values().stream().filter(times -> times > 1).count();
    }

    /** A burst of five 503s, or three token requests that hang {@code hang} and then are answered. */
    static String serverErrorsOrHangs(FakeProvider provider, boolean serverErrors, Duration hang) {
        if (serverErrors) {
            provider.quirks().serverErrorNextTokenRequests(5, 503, false);
            return "503s";
        }
        provider.quirks().hangNextTokenRequests(3, hang, AfterHang.ANSWER);
        return "hangs";
    }

    /**
     * The connections not settled and healthy (failing, stale, expired, or due), each with what is wrong;
     * connections in {@code settledStates} other than active count as settled.
     */
    static Map<String, String> unhealthy(PostgresConnectionStore store, Iterable<String> ids,
            ConnectionState... settledStates) {
        Instant now = Instant.now();
        Map<String, String> unhealthy = new TreeMap<>();
        for (String id : ids) {
            Connection stored = store.find(id).orElseThrow();
            if (java.util.Arrays.asList(settledStates).contains(stored.state())) {
                continue;
            }
            // a refresh still due (e.g. one whose holder was killed after sending) is not settled yet either
            boolean due = stored.nextRefreshAt() == null || !stored.nextRefreshAt().isAfter(now);
            if (stored.state() != ConnectionState.ACTIVE || stored.consecutiveFailures() > 0 || due
                    || !stored.tokens().expiresAt().isAfter(now)) {
                unhealthy.put(id, stored.state().wireName() + " failures=" + stored.consecutiveFailures()
                        + " due=" + due
                        + (stored.lastError() == null ? "" : " last_error=" + stored.lastError().reason().code()));
            }
        }
        return unhealthy;
    }
}
