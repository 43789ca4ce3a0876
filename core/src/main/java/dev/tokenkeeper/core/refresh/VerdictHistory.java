package dev.tokenkeeper.core.refresh;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.GrantTiming;
import dev.tokenkeeper.core.connection.LastError;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Refines a classified refresh outcome with the connection's history, which one answer cannot show: a host that has
 * stayed unreachable is a config fault, not an outage; a grant that dies again within a day of a reconnect is being
 * spent by someone else; a grant that dies about seven days after it was issued belongs to an app in testing mode.
 */
final class VerdictHistory {
    private static final Set<String> UNREACHABLE_CODES = Set.of("connection_failed", "unknown_host", "tls_failed");

    private VerdictHistory() {}

    /**
     * The outcome of an attempt sent at {@code at} on {@code before}, refined by its history.
     *
     * @param escalation when an unreachable host becomes a config fault
     */
    static RefreshOutcome refine(Connection before, RefreshOutcome outcome, Instant at, Escalation escalation) {
        return switch (outcome) {
            case RefreshOutcome.RetryLater retry when stillUnreachable(before, retry, at, escalation) ->
                    new RefreshOutcome.Misconfigured(unreachableFor(before.lastError(), retry.reason()));
            case RefreshOutcome.NeedsReauth dead -> new RefreshOutcome.NeedsReauth(byGrantAge(before, dead.reason(), at));
            default -> outcome;
        };
    }

    private static boolean stillUnreachable(Connection before, RefreshOutcome.RetryLater retry, Instant at,
            Escalation escalation) {
        LastError last = before.lastError();
        return UNREACHABLE_CODES.contains(retry.reason().code()) && last != null && before.consecutiveFailures() > 0
                && UNREACHABLE_CODES.contains(last.reason().code())
                && before.consecutiveFailures() + 1 >= Escalation.MIN_UNREACHABLE_ATTEMPTS
                && !Duration.between(last.since(), at).minus(escalation.unreachableAfter()).isNegative();
    }

    private static FailureReason unreachableFor(LastError last, FailureReason now) {
        return now.withCode(now.code(), "The token endpoint has been unreachable since " + last.since() + ": "
                + now.message() + " Check the host of token_url.").withCause(Cause.TOKEN_HOST_UNREACHABLE);
    }

    private static FailureReason byGrantAge(Connection before, FailureReason reason, Instant at) {
        Cause cause = GrantTiming.refine(reason.cause(), before, at);
        if (cause == reason.cause()) {
            return reason;
        }
        Duration age = Duration.between(before.grantedAt(), at);
        String when = cause == Cause.RECONNECT_NOT_KEPT
                ? " It happened " + hours(age) + " after the user reconnected (" + before.grantedAt() + ")."
                : " The grant was issued " + hours(age) + " earlier (" + before.grantedAt()
                        + "), as grants of apps in testing mode are.";
        return reason.withCode(reason.code(), reason.message() + when).withCause(cause);
    }

    private static String hours(Duration age) {
        long hours = age.toHours();
        return hours < 48 ? hours + " h" : age.toDays() + " days";
    }
}
