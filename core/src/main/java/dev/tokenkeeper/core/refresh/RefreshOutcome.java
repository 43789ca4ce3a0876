package dev.tokenkeeper.core.refresh;

import dev.tokenkeeper.core.token.TokenSet;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** The classified result of one refresh attempt: expected failures are data, not exceptions. */
public sealed interface RefreshOutcome {

    /**
     * The provider issued tokens (not yet merged with the previous ones).
     *
     * @param notes how lenient parsing read the answer (e.g. a guessed expiry unit), for the attempt record
     */
    record Refreshed(TokenSet tokens, List<String> notes) implements RefreshOutcome {
        public Refreshed {
            Objects.requireNonNull(tokens, "tokens");
            notes = notes == null ? List.of() : List.copyOf(notes);
        }

        public Refreshed(TokenSet tokens) {
            this(tokens, List.of());
        }
    }

    /** A transient failure: try again after {@code after} (backoff with jitter, or the provider's Retry-After). */
    record RetryLater(Duration after, FailureReason reason) implements RefreshOutcome {
        public RetryLater {
            Objects.requireNonNull(after, "after");
            Objects.requireNonNull(reason, "reason");
            if (after.isNegative()) {
                throw new IllegalArgumentException("after must not be negative");
            }
        }
    }

    /** The grant is dead (revoked, expired, reused): only the user reconnecting fixes it. */
    record NeedsReauth(FailureReason reason) implements RefreshOutcome {
        public NeedsReauth {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The provider config is wrong (client id or secret, client not allowed): fix the config, not the grant. */
    record Misconfigured(FailureReason reason) implements RefreshOutcome {
        public Misconfigured {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The failure class of this outcome, or null for {@link Refreshed}. */
    default FailureClass failureClass() {
        return switch (this) {
            case Refreshed ignored -> null;
            case RetryLater ignored -> FailureClass.RETRYABLE;
            case NeedsReauth ignored -> FailureClass.NEEDS_REAUTH;
            case Misconfigured ignored -> FailureClass.MISCONFIGURED;
        };
    }
}
