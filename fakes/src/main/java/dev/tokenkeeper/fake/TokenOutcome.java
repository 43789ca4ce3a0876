package dev.tokenkeeper.fake;

import java.time.Duration;
import java.util.Objects;

/** What the token endpoint decided, before quirks shape it into an HTTP answer. */
sealed interface TokenOutcome {

    /** The grant concerned, or null if unknown. */
    String grantId();

    /** Tokens were issued; {@code refreshToken} is null when none is to be returned. */
    record Issued(String grantId, AccessToken accessToken, String refreshToken, Duration lifetime, boolean refresh)
            implements TokenOutcome {
        public Issued {
            Objects.requireNonNull(grantId, "grantId");
            Objects.requireNonNull(accessToken, "accessToken");
            Objects.requireNonNull(lifetime, "lifetime");
        }

        @Override
        public String toString() {
            return "Issued[grant=" + grantId + ", refreshToken=" + Tokens.fingerprint(refreshToken) + "]";
        }
    }

    /** An OAuth error (RFC 6749 §5.2). */
    record Rejected(String grantId, int status, String error, String description) implements TokenOutcome {
        public Rejected {
            if (status < 400 || status > 499) {
                throw new IllegalArgumentException("an OAuth error is a 4xx: " + status);
            }
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(description, "description");
        }

        static Rejected invalidRequest(String description) {
            return new Rejected(null, 400, "invalid_request", description);
        }

        static Rejected invalidGrant(String grantId, String description) {
            return new Rejected(grantId, 400, "invalid_grant", description);
        }

        static Rejected invalidClient(String description) {
            return new Rejected(null, 401, "invalid_client", description);
        }

        static Rejected unauthorizedClient(String grantId, String description) {
            return new Rejected(grantId, 400, "unauthorized_client", description);
        }
    }
}
