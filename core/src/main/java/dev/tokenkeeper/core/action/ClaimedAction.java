package dev.tokenkeeper.core.action;

import java.time.Instant;
import java.util.Objects;

/**
 * An action claimed by a runner under a lease with this fence; every write of its result is a compare-and-set on the
 * fence, so a runner whose lease ran out cannot overwrite a newer holder's result.
 *
 * @param action               the action ({@code running}), request decrypted
 * @param fence                greater than every earlier lease's fence on this action
 * @param interruptedAttemptAt when an earlier holder marked an attempt as sent ({@link ActionStore#markSending}) and
 *                             never recorded its result: the request may have reached the provider. Null if none.
 */
public record ClaimedAction(Action action, long fence, Instant interruptedAttemptAt) {
    public ClaimedAction {
        Objects.requireNonNull(action, "action");
    }
}
