package dev.tokenkeeper.fake;

/** How the token endpoint answers its own (non-injected) errors. */
public enum TokenErrorStyle {
    /** RFC 6749 §5.2: a 4xx status with {@code {"error":"…","error_description":"…"}} (the default). */
    OAUTH,
    /**
     * Slack: HTTP 200 with {@code {"ok":false,"error":"invalid_auth"}} for grant errors and the OAuth error code
     * for other errors; successes then carry {@code "ok":true}.
     */
    SLACK
}
