package dev.tokenkeeper.core.connection;

import java.util.List;
import java.util.Objects;

/**
 * A connection's next version and the events that record the change, to be written in one commit.
 *
 * @param after      the connection as it will be stored
 * @param events     the timeline entries for this change, in order
 * @param newGrant         the tokens are a new grant (a reconnect): a refresh of the old grant that a crashed holder
 *                         left marked as started is moot, so the commit settles that mark too
 * @param attemptUnsettled the refresh this records got no answer after its request left (a timeout, a dropped
 *                         connection), so the provider may have used the refresh token up: even under the lease the
 *                         commit leaves the attempt marked started, for the next holder's crash-window rules
 */
public record Transition(Connection after, List<ConnectionEvent> events, boolean newGrant,
        boolean attemptUnsettled) {
    public Transition {
        Objects.requireNonNull(after, "after");
        events = List.copyOf(events);
        if (newGrant && attemptUnsettled) {
            throw new IllegalArgumentException("a new grant settles every earlier attempt");
        }
    }

    /** A change, of a new grant or of the same one, that settles the attempt its lease marked started. */
    public Transition(Connection after, List<ConnectionEvent> events, boolean newGrant) {
        this(after, events, newGrant, false);
    }

    /** A change of the same grant. */
    public Transition(Connection after, List<ConnectionEvent> events) {
        this(after, events, false, false);
    }

    /** The same change, leaving the attempt marked started: its request may have been used up unanswered. */
    public Transition leavingAttemptUnsettled() {
        return new Transition(after, events, newGrant, true);
    }
}
