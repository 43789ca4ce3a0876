package dev.tokenkeeper.fake;

import java.time.Instant;
import java.util.Objects;

/**
 * One request to the token endpoint as the provider saw and answered it; it holds fingerprints, never tokens.
 *
 * @param receivedAt when the request arrived, on the provider's clock
 * @param grantType the {@code grant_type} parameter, or null if absent
 * @param clientId the client id the request claimed (Basic or form), or null if none
 * @param grantId the grant the request concerned, or null if unknown
 * @param refreshTokenFingerprint the fingerprint of the presented refresh token, or null if none
 * @param status the HTTP status answered, or 0 if the connection was dropped without an answer
 * @param error the {@code error} field of the answer, or null for a success or a body without one
 */
public record TokenRequestRecord(
        Instant receivedAt,
        String grantType,
        String clientId,
        String grantId,
        String refreshTokenFingerprint,
        int status,
        String error) {

    public TokenRequestRecord {
        Objects.requireNonNull(receivedAt, "receivedAt");
        if (status != 0 && (status < 100 || status > 599)) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
    }

    /** True if the request was a {@code refresh_token} grant. */
    public boolean isRefresh() {
        return "refresh_token".equals(grantType);
    }

    /** True if the provider answered 2xx without an error field. */
    public boolean succeeded() {
        return status >= 200 && status < 300 && error == null;
    }
}
