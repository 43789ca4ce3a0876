package dev.tokenkeeper.core.health;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionEvent;
import dev.tokenkeeper.core.connection.ConnectionEvent.StateChanged;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.connection.Transition;
import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.core.port.ForwardingConnectionStore;
import dev.tokenkeeper.core.port.Lease;
import dev.tokenkeeper.core.port.ProviderHealthLedger;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ConnectionStore} that watches what is written for the health of providers: a connection turning
 * misconfigured for a provider-wide cause marks its provider misconfigured (once, however many connections follow),
 * and a connection leaving that state, or deleted in it, recovers the provider when it was the last one. It also
 * answers a provider's health and re-verifies its misconfigured connections after a config change.
 *
 * <p>The ledger is written after the connection: a failure to write it is logged and the connection's write stands,
 * since the next transition looks again.
 */
public final class ProviderHealthWatch extends ForwardingConnectionStore {
    /** At most 20 re-verification refreshes a second per provider. */
    public static final Duration DEFAULT_REVERIFY_SPACING = Duration.ofMillis(50);
    private static final Logger LOG = LoggerFactory.getLogger("tokenkeeper.provider");

    private final ProviderHealthLedger ledger;
    private final InstantSource clock;
    private final Duration reverifySpacing;

    /** @param reverifySpacing the time between two re-verification refreshes of one provider's connections */
    public ProviderHealthWatch(ConnectionStore delegate, ProviderHealthLedger ledger, InstantSource clock,
            Duration reverifySpacing) {
        super(delegate);
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.reverifySpacing = Objects.requireNonNull(reverifySpacing, "reverifySpacing");
        if (reverifySpacing.isNegative()) {
            throw new IllegalArgumentException("reverifySpacing must not be negative");
        }
    }

    /** The provider's health now. */
    public ProviderHealth health(String providerKey) {
        return ledger.health(providerKey);
    }

    /** The provider's events (misconfigured, recovered), oldest first, at most {@code limit} from the newest end. */
    public List<ProviderEvent> providerEvents(String providerKey, int limit) {
        return ledger.events(providerKey, limit);
    }

    /**
     * Schedules one re-verification refresh of each misconfigured connection of the provider, spaced out, after its
     * config changed: a connection that refreshes is active again, one that fails stays misconfigured.
     *
     * @return how many connections were scheduled
     */
    public int reverify(String providerKey) {
        return reverify(providerKey, false);
    }

    /**
     * {@link #reverify(String)}; {@code clientCredentials} when the provider's connections get their tokens with the
     * client's credentials, so that those without a refresh token are re-verified too.
     */
    public int reverify(String providerKey, boolean clientCredentials) {
        int scheduled = ledger.scheduleReverification(providerKey, clientCredentials, clock.instant(),
                reverifySpacing);
        if (scheduled > 0) {
            Duration over = reverifySpacing.multipliedBy(scheduled - 1L);
            LOG.atInfo().addKeyValue("provider", providerKey).addKeyValue("connections", scheduled)
                    .addKeyValue("over", over.toString())
                    .log("provider_reverify provider={} connections={} over={}", providerKey, scheduled, over);
        }
        return scheduled;
    }

    @Override
    public boolean create(Transition creation) {
        boolean created = super.create(creation);
        if (created) {
            watch(creation);
        }
        return created;
    }

    @Override
    public boolean commit(Transition transition, long expectedGeneration, Lease lease) {
        boolean committed = super.commit(transition, expectedGeneration, lease);
        if (committed) {
            watch(transition);
        }
        return committed;
    }

    @Override
    public Optional<Connection> delete(String connectionId) {
        Optional<Connection> deleted = super.delete(connectionId);
        deleted.filter(connection -> connection.state() == ConnectionState.MISCONFIGURED)
                .ifPresent(connection -> recoverIfHealed(connection.providerKey()));
        return deleted;
    }

    private void watch(Transition transition) {
        String provider = transition.after().providerKey();
        for (ConnectionEvent event : transition.events()) {
            if (!(event instanceof StateChanged changed)) {
                continue;
            }
            if (changed.to() == ConnectionState.MISCONFIGURED && changed.reason() != null
                    && changed.reason().cause().providerWide()) {
                markMisconfigured(provider, changed);
            } else if (changed.from() == ConnectionState.MISCONFIGURED
                    && changed.to() != ConnectionState.MISCONFIGURED) {
                recoverIfHealed(provider);
            }
        }
    }

    private void markMisconfigured(String provider, StateChanged changed) {
        try {
            ledger.markMisconfigured(provider, changed.reason().cause(), changed.at()).ifPresent(event ->
                    LOG.atWarn().addKeyValue("provider", provider).addKeyValue("cause", event.cause().code())
                            .addKeyValue("affected", event.affectedConnections())
                            .log("provider_misconfigured provider={} cause={} affected={}", provider,
                                    event.cause().code(), event.affectedConnections()));
        } catch (RuntimeException e) {
            LOG.warn("provider_health_error provider={} error={}", provider, e.toString());
        }
    }

    private void recoverIfHealed(String provider) {
        try {
            ledger.markRecoveredIfHealed(provider, clock.instant()).ifPresent(event ->
                    LOG.atInfo().addKeyValue("provider", provider).addKeyValue("cause", event.cause().code())
                            .log("provider_recovered provider={} cause={}", provider, event.cause().code()));
        } catch (RuntimeException e) {
            LOG.warn("provider_health_error provider={} error={}", provider, e.toString());
        }
    }
}
