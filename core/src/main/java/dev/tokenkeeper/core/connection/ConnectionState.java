package dev.tokenkeeper.core.connection;

import java.util.Locale;
import java.util.Optional;

/** A connection's lifecycle state: usable, waiting for the user to reconnect, or waiting for a config fix. */
public enum ConnectionState {
    ACTIVE,
    /** Terminal until the user reconnects: the grant is revoked, expired or was lost. */
    NEEDS_REAUTH,
    /** Terminal until the provider config is fixed: the client is rejected. */
    MISCONFIGURED;

    /** True for the states in which Tokenkeeper neither refreshes nor calls the provider. */
    public boolean isStale() {
        return this != ACTIVE;
    }

    /** The wire name of API.md ({@code needs_reauth}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name, if it is one. */
    public static Optional<ConnectionState> fromWireName(String name) {
        for (ConnectionState state : values()) {
            if (state.wireName().equals(name)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
