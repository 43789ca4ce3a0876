package dev.tokenkeeper.server.connect;

import dev.tokenkeeper.core.token.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Random values of the flow (RFC 7636 code verifiers, OAuth states) and the S256 code challenge. */
final class Pkce {
    /** The challenge method sent; {@code plain} is never used. */
    static final String METHOD = "S256";
    /** Random bytes in a verifier or a state: 256 bits, 43 base64url characters. */
    static final int RANDOM_BYTES = 32;

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private Pkce() {}

    /** A new random value of {@value #RANDOM_BYTES} bytes, base64url without padding (a verifier, or a state). */
    static Secret randomSecret(SecureRandom random) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return Secret.of(BASE64URL.encodeToString(bytes));
    }

    /** {@code BASE64URL(SHA256(ASCII(verifier)))}, RFC 7636 §4.2. */
    static String challenge(Secret verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(verifier.reveal().getBytes(StandardCharsets.US_ASCII));
            return BASE64URL.encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
