package dev.tokenkeeper.fake;

/** How the token and revocation endpoints answer an unknown client or a wrong client secret. */
public enum ClientRejection {
    /** 401 {@code invalid_client} with {@code WWW-Authenticate: Basic} (the default, RFC 6749 §5.2). */
    INVALID_CLIENT,
    /** 400 {@code unauthorized_client}, as some providers answer a bad secret. */
    UNAUTHORIZED_CLIENT
}
