package dev.tokenkeeper.core.refresh;

import dev.tokenkeeper.core.token.ExpiryPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * The engine's timing settings.
 *
 * @param instanceId   names this process in leases and logs
 * @param httpDeadline the most a refresh request may take; strictly shorter than the lease, so a holder whose
 *                     lease ran out has already given up its request
 * @param leaseTtl     how long a refresh lease lasts
 * @param expiryPolicy when a token is usable and when to refresh it
 * @param backoff      delays between retryable failures
 * @param escalation   when lasting retryable failures escalate
 * @param refreshesAhead the most refreshes ahead (background refreshes of usable tokens due for one) that run at once
 *                     in this process, from 1 to {@value #MAX_REFRESHES_AHEAD} (default
 *                     {@value #DEFAULT_REFRESHES_AHEAD})
 */
public record RefreshSettings(String instanceId, Duration httpDeadline, Duration leaseTtl, ExpiryPolicy expiryPolicy,
        Backoff backoff, Escalation escalation, int refreshesAhead) {

    /** The gap kept between the HTTP deadline and the lease's end, for the commit after the answer. */
    public static final Duration MIN_COMMIT_GAP = Duration.ofSeconds(1);
    /** How many refreshes ahead run at once in one process unless set otherwise. */
    public static final int DEFAULT_REFRESHES_AHEAD = 16;
    /** The most refreshes ahead one process may be asked to run at once. */
    public static final int MAX_REFRESHES_AHEAD = 1024;

    public RefreshSettings {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(httpDeadline, "httpDeadline");
        Objects.requireNonNull(leaseTtl, "leaseTtl");
        Objects.requireNonNull(expiryPolicy, "expiryPolicy");
        Objects.requireNonNull(backoff, "backoff");
        escalation = escalation == null ? Escalation.DEFAULT : escalation;
        if (httpDeadline.isNegative() || httpDeadline.isZero()) {
            throw new IllegalArgumentException("httpDeadline must be positive");
        }
        if (httpDeadline.plus(MIN_COMMIT_GAP).compareTo(leaseTtl) > 0) {
            throw new IllegalArgumentException("the HTTP deadline (" + httpDeadline
                    + ") must be at least 1 s shorter than the lease (" + leaseTtl + ")");
        }
        if (refreshesAhead < 1 || refreshesAhead > MAX_REFRESHES_AHEAD) {
            throw new IllegalArgumentException("refreshesAhead must be from 1 to " + MAX_REFRESHES_AHEAD + ", not "
                    + refreshesAhead);
        }
    }

    /** Settings with the default number of refreshes ahead. */
    public RefreshSettings(String instanceId, Duration httpDeadline, Duration leaseTtl, ExpiryPolicy expiryPolicy,
            Backoff backoff, Escalation escalation) {
        this(instanceId, httpDeadline, leaseTtl, expiryPolicy, backoff, escalation, DEFAULT_REFRESHES_AHEAD);
    }

    /** Settings with the default escalation and number of refreshes ahead. */
    public RefreshSettings(String instanceId, Duration httpDeadline, Duration leaseTtl, ExpiryPolicy expiryPolicy,
            Backoff backoff) {
        this(instanceId, httpDeadline, leaseTtl, expiryPolicy, backoff, Escalation.DEFAULT);
    }

    /** Defaults: 10 s HTTP deadline, 30 s lease, the default expiry policy and backoff. */
    public static RefreshSettings defaults(String instanceId) {
        return new RefreshSettings(instanceId, Duration.ofSeconds(10), Duration.ofSeconds(30),
                ExpiryPolicy.DEFAULT, Backoff.DEFAULT);
    }

    /** The same settings with another HTTP deadline and lease length (validated as above). */
    public RefreshSettings withTimings(Duration newHttpDeadline, Duration newLeaseTtl) {
        return new RefreshSettings(instanceId, newHttpDeadline, newLeaseTtl, expiryPolicy, backoff, escalation,
                refreshesAhead);
    }

    /** The same settings with another escalation. */
    public RefreshSettings withEscalation(Escalation newEscalation) {
        return new RefreshSettings(instanceId, httpDeadline, leaseTtl, expiryPolicy, backoff, newEscalation,
                refreshesAhead);
    }

    /** The same settings with another number of refreshes ahead at once (validated as above). */
    public RefreshSettings withRefreshesAhead(int newRefreshesAhead) {
        return new RefreshSettings(instanceId, httpDeadline, leaseTtl, expiryPolicy, backoff, escalation,
                newRefreshesAhead);
    }
}
