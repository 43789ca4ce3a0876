package dev.tokenkeeper.fake;

/** Why a whole grant was revoked. */
public enum RevocationReason {
    /** An already-rotated refresh token was presented while reuse detection was on. */
    REFRESH_TOKEN_REUSE,
    /** An authorization code was redeemed a second time (RFC 6749 §10.5). */
    AUTHORIZATION_CODE_REUSE,
    /** The client revoked a refresh token at the revocation endpoint (RFC 7009). */
    REVOKED_BY_CLIENT,
    /** The test called {@link FakeProvider#revokeGrant(String)}. */
    REVOKED_BY_TEST
}
