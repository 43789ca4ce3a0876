package dev.tokenkeeper.core.health;

import dev.tokenkeeper.core.cause.Cause;
import java.time.Instant;
import java.util.Objects;

/**
 * One change of a provider's health, written in the same step as the change; later read as an outbox (webhooks).
 *
 * @param seq                 its place in the order of all provider events (grows with every event)
 * @param providerKey         the provider
 * @param at                  when the health changed
 * @param type                misconfigured or recovered
 * @param cause               the provider-wide cause found (misconfigured) or fixed (recovered)
 * @param affectedConnections how many of the provider's connections were misconfigured at that moment
 */
public record ProviderEvent(long seq, String providerKey, Instant at, ProviderEventType type, Cause cause,
        int affectedConnections) {

    public ProviderEvent {
        Objects.requireNonNull(providerKey, "providerKey");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(cause, "cause");
        if (affectedConnections < 0) {
            throw new IllegalArgumentException("affectedConnections must not be negative");
        }
    }
}
