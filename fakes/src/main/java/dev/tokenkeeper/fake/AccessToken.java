package dev.tokenkeeper.fake;

import java.time.Instant;
import java.util.Objects;

/** One issued access token: its grant, real expiry and scope. */
record AccessToken(String value, Grant grant, Instant expiresAt, String scope) {
    AccessToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(grant, "grant");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(scope, "scope");
    }

    /** Usable at {@code now}: not expired and its grant not revoked. */
    boolean validAt(Instant now) {
        return now.isBefore(expiresAt) && !grant.isRevoked();
    }

    /** This token expiring at {@code now} at the latest, as a provider invalidating it early would. */
    AccessToken expiredBy(Instant now) {
        return now.isBefore(expiresAt) ? new AccessToken(value, grant, now, scope) : this;
    }

    @Override
    public String toString() {
        return "AccessToken[" + Tokens.fingerprint(value) + ", grant=" + grant.id() + ", expiresAt=" + expiresAt + "]";
    }
}
