package dev.tokenkeeper.fake;

/** What a successful refresh does with refresh tokens. */
public enum RefreshTokenPolicy {
    /** The presented refresh token stays valid and is returned again (the default). */
    REUSE,
    /** A new refresh token is returned and the presented one stops working (rotation). */
    ROTATE,
    /** A new refresh token is returned and the presented one also stays valid, so live tokens pile up. */
    MINT
}
