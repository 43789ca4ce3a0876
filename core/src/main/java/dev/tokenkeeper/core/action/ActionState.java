package dev.tokenkeeper.core.action;

import java.util.Locale;
import java.util.Optional;

/** Where an action is in its life; the last four are final. */
public enum ActionState {
    /** Waiting for its due time and for the earlier actions of its connection. */
    QUEUED,
    /** Claimed by a runner under a lease. */
    RUNNING,
    /** Waiting for its connection to be reconnected (or fixed); the provider is not called meanwhile. */
    HELD,
    SUCCEEDED,
    FAILED,
    EXPIRED,
    CANCELLED;

    /** The lower-case name used on the wire and in the database. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state with this wire name, if any. */
    public static Optional<ActionState> fromWire(String name) {
        for (ActionState state : values()) {
            if (state.wireName().equals(name)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }

    /** True for the states an action never leaves by itself (a replay may queue a failed or expired one again). */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == EXPIRED || this == CANCELLED;
    }

    /** True for the states that keep the later actions of the same connection waiting (creation order). */
    public boolean blocksLaterActions() {
        return this == QUEUED || this == RUNNING || this == HELD;
    }
}
