package dev.tokenkeeper.core.provider;

import java.util.Locale;

/**
 * How a provider's connections get their tokens: a user's grant renewed with its refresh token (RFC 6749 §4.1, §6),
 * or the client's own credentials, with no user and no refresh token (RFC 6749 §4.4, machine-to-machine APIs).
 */
public enum GrantType {
    /** A user authorizes (the connect flow, or an imported grant); the refresh token renews the access token. */
    AUTHORIZATION_CODE,
    /** No user: every access token is asked for with {@code grant_type=client_credentials} and the client secret. */
    CLIENT_CREDENTIALS;

    /** The wire name, as in OAuth ({@code client_credentials}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name; throws {@link IllegalArgumentException} naming the accepted values. */
    public static GrantType fromWireName(String name) {
        for (GrantType type : values()) {
            if (type.wireName().equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("must be authorization_code or client_credentials");
    }
}
