package dev.tokenkeeper.server.demo;

import java.time.Duration;
import java.util.Objects;

/**
 * When the demo's events happen, counted from the moment its connections are imported; the command plays
 * {@link #STANDARD}, tests a shortened script.
 *
 * @param shortestToken the shortest access-token lifetime a connection gets (each gets one from here to
 *                      {@code longestToken}; Tokenkeeper refreshes it at about half its lifetime)
 * @param longestToken  the longest access-token lifetime
 * @param throttleEvery how often globex answers its next token requests with 429 and {@code Retry-After}
 * @param retryAfter    the {@code Retry-After} globex sends then
 * @param stormAt       when globex answers a short storm of 503s
 * @param revokeAt      when one acme grant is revoked at the provider, as a user removing the app would
 * @param reconnectAt   when that connection is reconnected through the connect flow (waiting, at most
 *                      {@code longestToken} more, for Tokenkeeper to have marked it {@code needs_reauth})
 * @param summaryEvery  how often the one-line summary is printed
 */
public record DemoTimings(Duration shortestToken, Duration longestToken, Duration throttleEvery, Duration retryAfter,
        Duration stormAt, Duration revokeAt, Duration reconnectAt, Duration summaryEvery) {

    /** The shortest token lifetime accepted: shorter ones would be refreshed in a tight loop. */
    public static final Duration MIN_TOKEN = Duration.ofSeconds(2);

    /** The script of {@code ./tokenkeeper demo}: 30–60 s tokens, the revocation at 40 s, the reconnect at 70 s. */
    public static final DemoTimings STANDARD = new DemoTimings(Duration.ofSeconds(30), Duration.ofSeconds(60),
            Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(25), Duration.ofSeconds(40),
            Duration.ofSeconds(70), Duration.ofSeconds(10));

    public DemoTimings {
        requirePositive("shortestToken", shortestToken);
        requirePositive("longestToken", longestToken);
        requirePositive("throttleEvery", throttleEvery);
        requirePositive("retryAfter", retryAfter);
        requirePositive("stormAt", stormAt);
        requirePositive("revokeAt", revokeAt);
        requirePositive("reconnectAt", reconnectAt);
        requirePositive("summaryEvery", summaryEvery);
        if (shortestToken.compareTo(MIN_TOKEN) < 0 || longestToken.compareTo(shortestToken) < 0) {
            throw new IllegalArgumentException("token lifetimes must satisfy " + MIN_TOKEN + " <= shortestToken ("
                    + shortestToken + ") <= longestToken (" + longestToken + ")");
        }
        if (reconnectAt.compareTo(revokeAt) <= 0) {
            throw new IllegalArgumentException("reconnectAt (" + reconnectAt + ") must come after revokeAt ("
                    + revokeAt + ")");
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (!Objects.requireNonNull(value, name).isPositive()) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }
}
