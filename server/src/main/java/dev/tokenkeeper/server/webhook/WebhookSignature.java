package dev.tokenkeeper.server.webhook;

import dev.tokenkeeper.core.token.Secret;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks v1 signatures: {@code v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>}, one per signing
 * secret, space-separated; the key is the base64 text after {@code whsec_}.
 */
public final class WebhookSignature {
    /** How a signing secret's text starts. */
    public static final String SECRET_PREFIX = "whsec_";
    /** How far a receiver lets {@code webhook-timestamp} stray from its clock, either way. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);
    /** Random bytes in a new secret (Standard Webhooks asks for 24 to 64). */
    static final int SECRET_BYTES = 32;
    private static final String HMAC = "HmacSHA256";
    private static final String VERSION = "v1,";

    /** What a receiver makes of a delivery's headers. */
    public enum Verdict {
        VALID,
        MISSING_HEADER,
        BAD_TIMESTAMP,
        TOO_OLD,
        TOO_NEW,
        NO_MATCHING_SIGNATURE;

        public boolean valid() {
            return this == VALID;
        }
    }

    private WebhookSignature() {}

    /** A new signing secret: {@code whsec_} and the base64 of {@value #SECRET_BYTES} random bytes. */
    public static Secret newSecret(RandomGenerator random) {
        byte[] key = new byte[SECRET_BYTES];
        random.nextBytes(key);
        return Secret.of(SECRET_PREFIX + Base64.getEncoder().encodeToString(key));
    }

    /** The {@code webhook-signature} header: one signature per secret, in the order given. */
    public static String sign(List<Secret> secrets, String id, long timestamp, String body) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one signing secret is needed");
        }
        StringBuilder header = new StringBuilder();
        for (Secret secret : secrets) {
            header.append(header.isEmpty() ? "" : " ").append(VERSION)
                    .append(Base64.getEncoder().encodeToString(mac(secret, id, timestamp, body)));
        }
        return header.toString();
    }

    /**
     * Checks a delivery as a receiver does: the timestamp within {@link #TOLERANCE} of {@code now}, and one of the
     * header's {@code v1} signatures equal (compared in constant time) to the one {@code secret} makes.
     */
    public static Verdict verify(Secret secret, String id, String timestamp, String body, String signatureHeader,
            Instant now) {
        Objects.requireNonNull(secret, "secret");
        if (id == null || timestamp == null || body == null || signatureHeader == null) {
            return Verdict.MISSING_HEADER;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return Verdict.BAD_TIMESTAMP;
        }
        if (seconds < now.getEpochSecond() - TOLERANCE.toSeconds()) {
            return Verdict.TOO_OLD;
        }
        if (seconds > now.getEpochSecond() + TOLERANCE.toSeconds()) {
            return Verdict.TOO_NEW;
        }
        byte[] expected = mac(secret, id, seconds, body);
        boolean matched = false;
        for (String signature : signatureHeader.trim().split(" +")) {
            if (signature.startsWith(VERSION)) {
                // Every candidate is compared, so the time taken does not tell which one matched.
                matched |= MessageDigest.isEqual(expected, decodeOrEmpty(signature.substring(VERSION.length())));
            }
        }
        return matched ? Verdict.VALID : Verdict.NO_MATCHING_SIGNATURE;
    }

    private static byte[] mac(Secret secret, String id, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key(secret), HMAC));
            return mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }

    /** The HMAC key: the base64 text after the prefix, decoded. */
    private static byte[] key(Secret secret) {
        String text = secret.reveal();
        String encoded = text.startsWith(SECRET_PREFIX) ? text.substring(SECRET_PREFIX.length()) : text;
        byte[] key = Base64.getDecoder().decode(encoded);
        if (key.length == 0) {
            throw new IllegalArgumentException("a signing secret must hold a key after " + SECRET_PREFIX);
        }
        return key;
    }

    private static byte[] decodeOrEmpty(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }
}
