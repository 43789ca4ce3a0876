package dev.tokenkeeper.server.connect;

import java.net.URI;
import java.util.Objects;

/** How a callback ended: a connection made or reactivated, or a failure to show to the user. */
sealed interface CallbackOutcome {

    /**
     * The connection holds the new tokens and is active.
     *
     * @param providerKey   its provider
     * @param reconnected   true when an existing connection got the tokens, false when it was created
     * @param redirectAfter where to send the browser, or null for Tokenkeeper's own page
     */
    record Connected(String connectionId, String providerKey, boolean reconnected, URI redirectAfter)
            implements CallbackOutcome {
        public Connected {
            Objects.requireNonNull(connectionId, "connectionId");
            Objects.requireNonNull(providerKey, "providerKey");
        }
    }

    /** Nothing was connected; the page says why. */
    record Failed(CallbackFailure failure) implements CallbackOutcome {
        public Failed {
            Objects.requireNonNull(failure, "failure");
        }
    }
}
