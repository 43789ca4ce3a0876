package dev.tokenkeeper.core.action;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Actions, stored durably: requests and responses encrypted (bound to their action), claimed when due under fenced
 * leases, one action of a connection at a time and in creation order.
 *
 * <p>The rules every store keeps:
 * <ul>
 *   <li><b>Order.</b> An action is claimable only when it is {@code queued} (or {@code running} under a lease that ran
 *       out), due, not expired, and no earlier action of its connection is {@code queued}, {@code running} or
 *       {@code held}.</li>
 *   <li><b>Held while stale.</b> An action created while its connection is not {@code active} starts {@code held}.
 *       {@link #hold} holds a claimed action and every {@code queued} action of its connection, unless the connection
 *       is active again, in which case the action goes back to {@code queued}, due now.</li>
 *   <li><b>Replay on reactivation.</b> {@link #releaseHeld} makes a connection's held actions {@code queued}, due now,
 *       keeping their order. The PostgreSQL store also does it by itself, in the transaction that reactivates the
 *       connection, whatever code path reactivates it.</li>
 *   <li><b>Events.</b> The PostgreSQL store emits {@code action.held}, {@code action.succeeded}, {@code action.failed}
 *       and {@code action.expired} webhooks in the transaction of the change (the outbox); never a body.</li>
 * </ul>
 */
public interface ActionStore {

    /** Creates an action, or answers the one created earlier with the same idempotency key. */
    ActionCreation create(NewAction action);

    /** The action with its request and response decrypted (null once purged). */
    Optional<Action> find(String id);

    /** A page of actions in creation order. */
    List<Action> list(ActionQuery query);

    /** Claims up to {@code limit} claimable actions (see the ordering rule), making them {@code running}. */
    List<ClaimedAction> claimDue(String holder, Duration ttl, int limit);

    /**
     * Records, durably (on disk before it returns), that the holder is about to send the request, and counts the
     * attempt. False when the lease is no longer held: the holder must not send.
     */
    boolean markSending(ClaimedAction claimed);

    /**
     * Extends a claimed action's live lease to {@code ttl} from now (a runner still working on it says so), so a short
     * lease frees the work of a dead runner soon. False when the lease ran out or was taken over: the runner must
     * not send any more (its result would be refused anyway).
     */
    boolean renew(ClaimedAction claimed, Duration ttl);

    /**
     * Ends a claimed action {@code succeeded}, {@code failed} or {@code expired} with the provider's answer (or null)
     * and the error (null on success); settles the sending mark. False when the lease was lost.
     */
    boolean finish(ClaimedAction claimed, ActionState finalState, ActionResponse response, ActionError error,
            Instant now);

    /** Puts a claimed action back to {@code queued}, due at {@code at}, keeping the answer and error; settles the mark. */
    boolean retryAt(ClaimedAction claimed, Instant at, ActionResponse response, ActionError error, Instant now);

    /**
     * Holds a claimed action (and the connection's queued ones) with this error, unless its connection is active again,
     * when it goes back to {@code queued}, due now. Settles the sending mark. False when the lease was lost.
     */
    boolean hold(ClaimedAction claimed, ActionError error, Instant now);

    /** Makes the connection's held actions {@code queued}, due now, in their order; answers how many. */
    int releaseHeld(String connectionId, Instant now);

    /**
     * Queues a {@code held}, {@code failed} or {@code expired} action again, due now, with a fresh expiry of its
     * original lifetime from now; empty when the action does not exist, the action unchanged when its state does not
     * allow it (the caller tells the user why).
     */
    Optional<Action> replay(String id, Instant now);

    /** Cancels a {@code queued} or {@code held} action; empty when it does not exist, else the action as it is now. */
    Optional<Action> cancel(String id, Instant now);

    /** Ends {@code queued} and {@code held} actions whose expiry passed as {@code expired}, at most limit; how many. */
    int expireDue(Instant now, int limit);

    /**
     * Drops the request and response bodies and headers of final actions that finished before {@code cutoff}, at most
     * limit; how many. Their state, times, status and error stay.
     */
    int purgeFinishedBefore(Instant cutoff, int limit);

    /** How long until the earliest claimable action is due (zero when one is); empty when none is queued. */
    Optional<Duration> untilNextDue();
}
