package dev.tokenkeeper.client.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.client.Secret;
import dev.tokenkeeper.client.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a delivery's Standard Webhooks v1 signature ({@code webhook-id}, {@code webhook-timestamp},
 * {@code webhook-signature}) with an endpoint's {@code whsec_…} secret before its body is trusted: the timestamp must
 * be within the tolerance of now (default 5 minutes, both ways), and one of the space-separated {@code v1,<base64>}
 * signatures must be the HMAC-SHA256 of {@code id.timestamp.body}, compared in constant time.
 */
public final class WebhookVerifier {
    /** How far a delivery's timestamp may be from now unless told otherwise. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);
    private static final String PREFIX = "whsec_";

    private final SecretKeySpec key;
    private final Duration tolerance;
    private final InstantSource clock;

    /** A verifier of this secret ({@code whsec_} and base64), the default tolerance and the system clock. */
    public WebhookVerifier(String secret) {
        this(Secret.of(secret), DEFAULT_TOLERANCE, InstantSource.system());
    }

    public WebhookVerifier(Secret secret, Duration tolerance, InstantSource clock) {
        this.key = new SecretKeySpec(decode(secret), "HmacSHA256");
        this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The event of a delivery whose headers (names in any case) and raw body verify; else the exception says why. */
    public WebhookEvent verify(Map<String, ? extends Collection<String>> headers, String body) {
        return verify(header(headers, "webhook-id"), header(headers, "webhook-timestamp"),
                header(headers, "webhook-signature"), body);
    }

    /** The event of a delivery with these three header values and this raw body. */
    public WebhookEvent verify(String id, String timestamp, String signatures, String body) {
        require(id, "webhook-id");
        require(timestamp, "webhook-timestamp");
        require(signatures, "webhook-signature");
        Objects.requireNonNull(body, "body");
        checkTimestamp(timestamp);
        byte[] expected = sign(id + "." + timestamp + "." + body);
        for (String signature : signatures.strip().split(" +")) {
            if (signature.startsWith("v1,") && MessageDigest.isEqual(expected, decodeSignature(signature))) {
                return event(id, body);
            }
        }
        throw new WebhookVerificationException("no v1 signature of webhook " + id + " matches the secret");
    }

    private void checkTimestamp(String timestamp) {
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            throw new WebhookVerificationException("webhook-timestamp is not a number of seconds: " + timestamp);
        }
        Duration skew = Duration.between(Instant.ofEpochSecond(seconds), clock.instant()).abs();
        if (skew.compareTo(tolerance) > 0) {
            throw new WebhookVerificationException("webhook-timestamp is " + skew.toSeconds()
                    + " s from now, more than the tolerance of " + tolerance.toSeconds() + " s");
        }
    }

    private byte[] sign(String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static WebhookEvent event(String id, String body) {
        try {
            JsonNode json = Json.mapper().readTree(body);
            if (!json.path("type").isTextual() || !json.path("data").isObject()) {
                throw new IllegalArgumentException("no type and data");
            }
            Instant timestamp = json.path("timestamp").isTextual() ? Instant.parse(json.path("timestamp").asText())
                    : null;
            return new WebhookEvent(id, json.path("type").asText(), timestamp, json.path("data"));
        } catch (IOException | RuntimeException e) {
            throw new WebhookVerificationException("webhook " + id + " is signed but its body is no event: " + e);
        }
    }

    private static byte[] decodeSignature(String signature) {
        try {
            return Base64.getDecoder().decode(signature.substring(3));
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static byte[] decode(Secret secret) {
        String value = secret.reveal();
        String encoded = value.startsWith(PREFIX) ? value.substring(PREFIX.length()) : value;
        try {
            return Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a webhook secret is whsec_ followed by base64", e);
        }
    }

    private static String header(Map<String, ? extends Collection<String>> headers, String name) {
        for (Map.Entry<String, ? extends Collection<String>> entry : headers.entrySet()) {
            if (entry.getKey() != null && entry.getKey().toLowerCase(Locale.ROOT).equals(name)
                    && !entry.getValue().isEmpty()) {
                return String.join(" ", entry.getValue());
            }
        }
        return null;
    }

    private static void require(String value, String header) {
        if (value == null || value.isBlank()) {
            throw new WebhookVerificationException("the " + header + " header is missing");
        }
    }
}
