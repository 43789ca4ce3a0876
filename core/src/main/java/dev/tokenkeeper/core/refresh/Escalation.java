package dev.tokenkeeper.core.refresh;

import java.time.Duration;
import java.util.Objects;

/**
 * When lasting retryable failures stop being silent.
 *
 * @param refreshFailingAfter how long retryable failures may last before the connection carries the named condition
 *                            {@code refresh_failing} (and emits {@code connection.refresh_failing} once)
 * @param unreachableAfter    how long the token endpoint's host may stay unreachable (unknown host, refused, TLS)
 *                            before the connection is {@code misconfigured} with {@code token_host_unreachable}
 */
public record Escalation(Duration refreshFailingAfter, Duration unreachableAfter) {
    /** Three days to {@code refresh_failing}; one hour (and at least {@link #MIN_UNREACHABLE_ATTEMPTS} tries). */
    public static final Escalation DEFAULT = new Escalation(Duration.ofDays(3), Duration.ofHours(1));

    /** The fewest consecutive failed tries before an unreachable host counts as a config fault. */
    public static final int MIN_UNREACHABLE_ATTEMPTS = 3;

    public Escalation {
        Objects.requireNonNull(refreshFailingAfter, "refreshFailingAfter");
        Objects.requireNonNull(unreachableAfter, "unreachableAfter");
        if (refreshFailingAfter.isNegative() || refreshFailingAfter.isZero() || unreachableAfter.isNegative()
                || unreachableAfter.isZero()) {
            throw new IllegalArgumentException("escalation periods must be positive");
        }
    }
}
