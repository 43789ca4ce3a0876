package dev.tokenkeeper.fake;

/** How a token response states the access token's lifetime; the server always enforces the real lifetime. */
public enum ExpiresStyle {
    /** {@code "expires_in": 3600} (the default). */
    SECONDS,
    /** {@code "expires_in": "3600"}. */
    SECONDS_STRING,
    /** {@code "expires_in": 3600000}: the lifetime in milliseconds. */
    MILLISECONDS,
    /** {@code "expires": 3600}: the non-standard field name. */
    EXPIRES_FIELD,
    /** {@code "expires_at": 1767225600}: absolute expiry in epoch seconds. */
    EXPIRES_AT,
    /** No lifetime field at all. */
    MISSING,
    /** {@code "expires_in": 0}. */
    ZERO
}
