package dev.tokenkeeper.core.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A token or credential whose value is only unwrapped at the wire and at the cipher; it prints as {@code [REDACTED]}.
 */
public final class Secret {
    private static final String REDACTED = "[REDACTED]";

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** Wraps a non-blank value. */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "secret value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a secret must not be blank");
        }
        return new Secret(value);
    }

    /** Wraps a value, or returns null for null or blank input. */
    public static Secret ofNullable(String value) {
        return value == null || value.isBlank() ? null : new Secret(value);
    }

    /** The plain value: call only where it is sent on the wire or encrypted. */
    public String reveal() {
        return value;
    }

    /** A short, non-reversible fingerprint for logs and comparisons ("sha256:" and 12 hex digits). */
    public String fingerprint() {
        return "sha256:" + HexFormat.of().formatHex(sha256(), 0, 6);
    }

    /** The SHA-256 digest of the value's UTF-8 bytes (32 bytes), for keeping a hash where the value must not be. */
    public byte[] sha256() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret that
                && MessageDigest.isEqual(
                        value.getBytes(StandardCharsets.UTF_8), that.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return REDACTED;
    }
}
