package dev.tokenkeeper.core.port;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/** What presenting a connect session's {@code state} found: the session (this once), or why there is none. */
public sealed interface SessionConsumption {

    /** The session, handed out this one time: it is now used. */
    record Consumed(ConnectSession session) implements SessionConsumption {
        public Consumed {
            Objects.requireNonNull(session, "session");
        }
    }

    /**
     * The session was used already (a replayed callback, or the browser's back button).
     *
     * @param redirectAfter the session's {@code redirect_after}, or null
     */
    record AlreadyUsed(Instant usedAt, String sessionId, URI redirectAfter) implements SessionConsumption {
        public AlreadyUsed {
            Objects.requireNonNull(usedAt, "usedAt");
            Objects.requireNonNull(sessionId, "sessionId");
        }
    }

    /**
     * The session ran out before it was used.
     *
     * @param redirectAfter the session's {@code redirect_after}, or null
     */
    record Expired(Instant expiredAt, String sessionId, URI redirectAfter) implements SessionConsumption {
        public Expired {
            Objects.requireNonNull(expiredAt, "expiredAt");
            Objects.requireNonNull(sessionId, "sessionId");
        }
    }

    /** No session has this state (never issued, mistyped, or purged). */
    record Unknown() implements SessionConsumption {}
}
