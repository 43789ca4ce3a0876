package dev.tokenkeeper.core.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One try of a delivery.
 *
 * @param statusCode      the endpoint's HTTP status, or null when no answer came
 * @param error           what went wrong without an answer (timeout, refused, an address refused by policy), or null
 * @param responseSnippet the start of the endpoint's answer, redacted and bounded, or null
 */
public record DeliveryAttempt(Instant at, Integer statusCode, String error, Duration duration,
        String responseSnippet) {
    /** The most characters of an answer kept. */
    public static final int MAX_SNIPPET = 1_000;

    public DeliveryAttempt {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(duration, "duration");
        if (responseSnippet != null && responseSnippet.length() > MAX_SNIPPET) {
            responseSnippet = responseSnippet.substring(0, MAX_SNIPPET);
        }
    }

    /** True for a 2xx answer. */
    public boolean delivered() {
        return statusCode != null && statusCode >= 200 && statusCode <= 299;
    }
}
