package dev.tokenkeeper.core.health;

import dev.tokenkeeper.core.cause.Cause;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A provider's health as {@code GET /v1/providers/{key}} shows it.
 *
 * @param state                 ok, or misconfigured for a provider-wide cause
 * @param cause                 the provider-wide cause while misconfigured, else null
 * @param since                 when it was marked misconfigured, else null
 * @param affectedConnections   how many of its connections are misconfigured now (0 while ok)
 */
public record ProviderHealth(State state, Cause cause, Instant since, int affectedConnections) {

    /** Whether a provider works, as far as its connections tell. */
    public enum State {
        OK,
        MISCONFIGURED;

        /** The wire name ({@code ok}, {@code misconfigured}). */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A provider with nothing to fix. */
    public static final ProviderHealth OK = new ProviderHealth(State.OK, null, null, 0);

    public ProviderHealth {
        Objects.requireNonNull(state, "state");
        if (state == State.OK && (cause != null || since != null || affectedConnections != 0)) {
            throw new IllegalArgumentException("an ok provider has no cause, no since and no affected connections");
        }
        if (state == State.MISCONFIGURED && (cause == null || since == null)) {
            throw new IllegalArgumentException("a misconfigured provider needs its cause and since");
        }
        if (affectedConnections < 0) {
            throw new IllegalArgumentException("affectedConnections must not be negative");
        }
    }

    /** Misconfigured for {@code cause} since {@code since}, with {@code affected} misconfigured connections now. */
    public static ProviderHealth misconfigured(Cause cause, Instant since, int affected) {
        return new ProviderHealth(State.MISCONFIGURED, cause, since, affected);
    }
}
