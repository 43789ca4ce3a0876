package dev.tokenkeeper.core.provider;

import java.util.Locale;

/** How the client authenticates at the token endpoint (RFC 6749 §2.3.1). */
public enum ClientAuth {
    /** HTTP Basic with the form-encoded client id and secret. */
    CLIENT_SECRET_BASIC,
    /** {@code client_id} and {@code client_secret} in the form body. */
    CLIENT_SECRET_POST;

    /** The wire name, as in API.md ({@code client_secret_basic}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name; throws {@link IllegalArgumentException} naming the accepted values. */
    public static ClientAuth fromWireName(String name) {
        for (ClientAuth auth : values()) {
            if (auth.wireName().equals(name)) {
                return auth;
            }
        }
        throw new IllegalArgumentException("must be client_secret_basic or client_secret_post");
    }
}
