package dev.tokenkeeper.fake;

/** Where the token endpoint accepts client credentials (RFC 6749 §2.3.1 allows both; many providers take one). */
public enum ClientAuthPlace {
    /** HTTP Basic or the form body (the default). */
    EITHER,
    /** Only {@code Authorization: Basic}: credentials in the form body answer 401 {@code invalid_client}. */
    BASIC_ONLY,
    /**
     * Only {@code client_id} and {@code client_secret} in the form body: an {@code Authorization: Basic} header
     * answers 400 {@code invalid_request} "Missing required parameter: client_secret".
     */
    BODY_ONLY
}
