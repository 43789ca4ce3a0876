package dev.tokenkeeper.fake;

import java.time.Instant;
import java.util.Objects;

/**
 * One request to the fake's {@code ANY /writes/**} as it arrived, whether its token was accepted or not; it holds the
 * grant the token belonged to, never the token.
 *
 * @param sequence       the arrival order, from 1
 * @param receivedAt     when it arrived, on the provider's clock (before any answer delay)
 * @param method         the HTTP method
 * @param path           the raw path, {@code /writes/...}
 * @param grantId        the grant of the presented access token, or null when the token is unknown or absent
 * @param accepted       true when the token was valid, so the write took effect (it was answered 200)
 * @param marker         the string {@code action} field of the JSON body, or null
 * @param idempotencyKey the {@code Idempotency-Key} header, or null
 */
public record ResourceWrite(long sequence, Instant receivedAt, String method, String path, String grantId,
        boolean accepted, String marker, String idempotencyKey) {

    public ResourceWrite {
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
    }
}
