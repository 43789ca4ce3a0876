package dev.tokenkeeper.core.apikey;

import dev.tokenkeeper.core.token.Secret;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * Generates API keys and checks a presented key against the SHA-256 hash that is all Tokenkeeper keeps of a key.
 *
 * <p>A plain, fast hash is enough for generated keys: they carry 256 random bits, so a leaked hash cannot be brute
 * forced back to its key, and a key can be found by its hash with one indexed lookup.
 */
public final class ApiKeys {
    /** What every generated key starts with, so that a leaked key is recognisable as a Tokenkeeper key. */
    public static final String PREFIX = "tk_";
    /** How many random bytes a generated key carries. */
    public static final int RANDOM_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private ApiKeys() {}

    /** A new key: {@value #PREFIX} and {@value #RANDOM_BYTES} bytes of {@link SecureRandom}, base64url unpadded. */
    public static Secret generate() {
        byte[] random = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(random);
        return Secret.of(PREFIX + BASE64URL.encodeToString(random));
    }

    /** The SHA-256 of the key's UTF-8 bytes: what is stored in place of the key. */
    public static byte[] hash(Secret key) {
        return Objects.requireNonNull(key, "key").sha256();
    }

    /** True when {@code presented} hashes to {@code storedHash}; compared in constant time. */
    public static boolean matches(Secret presented, byte[] storedHash) {
        return MessageDigest.isEqual(hash(presented), storedHash);
    }
}
