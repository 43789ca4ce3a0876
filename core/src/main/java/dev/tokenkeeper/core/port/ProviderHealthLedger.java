package dev.tokenkeeper.core.port;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.health.ProviderEvent;
import dev.tokenkeeper.core.health.ProviderHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Keeps each provider's health beside its connections: marks a provider misconfigured and recovered, each change in
 * one step with its provider event, counts its misconfigured connections, and schedules their re-verification.
 */
public interface ProviderHealthLedger {

    /**
     * Marks the provider misconfigured for {@code cause} with a {@code provider.misconfigured} event, unless it is
     * marked already (then nothing is written, whatever the cause).
     *
     * @return the event written; empty when the provider was marked already
     */
    Optional<ProviderEvent> markMisconfigured(String providerKey, Cause cause, Instant at);

    /**
     * Marks the provider ok again with a {@code provider.recovered} event when it is marked and none of its connections
     * is misconfigured any more, decided in the same step, so a connection failing meanwhile is never overlooked.
     *
     * @return the event written; empty when the provider was not marked or still has misconfigured connections
     */
    Optional<ProviderEvent> markRecoveredIfHealed(String providerKey, Instant at);

    /** The provider's health now; {@code affectedConnections} is counted live while it is misconfigured. */
    ProviderHealth health(String providerKey);

    /** The provider's events, oldest first, at most {@code limit} from the newest end. */
    List<ProviderEvent> events(String providerKey, int limit);

    /**
     * Makes each misconfigured connection of the provider that can be renewed without its user (it has a refresh
     * token, or {@code clientCredentials}: the provider's connections get their tokens with the client's credentials)
     * due for one re-verification refresh: the first at {@code start}, each next one {@code spacing} later (in id
     * order), so the schedule does not send them all to the provider at once. The connections' generations stay as
     * they are.
     *
     * @return how many connections were scheduled
     */
    int scheduleReverification(String providerKey, boolean clientCredentials, Instant start, Duration spacing);
}
