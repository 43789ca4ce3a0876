package dev.tokenkeeper.core.action;

/** What {@link ActionStore#create} did: the outcomes a caller must tell apart, as data. */
public sealed interface ActionCreation {
    /** A new action, {@code queued} or (its connection not active) {@code held}. */
    record Created(Action action) implements ActionCreation {}

    /** The idempotency key was used before for the same request: the first action. */
    record Existing(Action action) implements ActionCreation {}

    /** The idempotency key was used before for a different request (its fingerprint differs). */
    record KeyConflict(Action existing) implements ActionCreation {}

    /** The connection does not exist. */
    record ConnectionMissing(String connectionId) implements ActionCreation {}
}
