package dev.tokenkeeper.fake;

/** How the revocation endpoint takes the token to revoke; the fake refuses any other shape with 400. */
public enum RevocationShape {
    /** Any of the shapes below (the default). */
    ANY,
    /** RFC 7009: a form with {@code token}. */
    FORM,
    /** A JSON body {@code {"token": …}} with the client by HTTP Basic. */
    JSON,
    /** The access token as {@code Authorization: Bearer}, no body. */
    BEARER
}
