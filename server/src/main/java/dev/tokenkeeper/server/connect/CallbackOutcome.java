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

    /**
     * Nothing was connected; the page, or the redirect, says why.
     *
     * @param errorCode     the code the redirect and the session report: the provider's OAuth {@code error} when it
     *                      sent one, else the failure's own code
     * @param sessionId     the session the callback belonged to, or null when none was found
     * @param redirectAfter where to send the browser with the error, or null for Tokenkeeper's own page
     */
    record Failed(CallbackFailure failure, String errorCode, String sessionId, URI redirectAfter)
            implements CallbackOutcome {
        public Failed {
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(errorCode, "errorCode");
        }

        /** A failure that belongs to no known session: shown on Tokenkeeper's page. */
        Failed(CallbackFailure failure) {
            this(failure, failure.code(), null, null);
        }
    }
}
