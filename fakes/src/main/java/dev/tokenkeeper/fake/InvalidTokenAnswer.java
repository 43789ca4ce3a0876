package dev.tokenkeeper.fake;

/** How the resource API answers an unknown, expired or revoked access token. */
public enum InvalidTokenAnswer {
    /** 401 with {@code WWW-Authenticate: Bearer error="invalid_token"} (the default, RFC 6750). */
    UNAUTHORIZED,
    /** 403 with {@code {"error":"invalid_token"}} and no challenge. */
    FORBIDDEN,
    /** Slack: 200 with {@code {"ok":false,"error":"invalid_auth"}}. */
    SLACK
}
