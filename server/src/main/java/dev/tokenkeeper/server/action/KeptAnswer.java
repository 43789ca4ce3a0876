package dev.tokenkeeper.server.action;

import dev.tokenkeeper.core.action.ActionResponse;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.server.proxy.ProviderCalls;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The provider's answer as an action keeps it: at most {@link #MAX_BODY_BYTES} of the body, header names in lower
 * case without cookies or credentials ({@code Set-Cookie}, {@code Authorization}, {@code Proxy-Authorization} and any
 * name holding {@code cookie}, {@code token}, {@code secret} or {@code api-key}), and every access token it was sent
 * with replaced by {@code [REDACTED]} wherever the provider echoed it (a cut-off tail of one included).
 */
final class KeptAnswer {
    /** The most of a response body an action keeps. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final byte[] REDACTED = "[REDACTED]".getBytes(StandardCharsets.US_ASCII);
    private static final List<String> SENSITIVE = List.of("cookie", "authorization", "token", "secret", "api-key",
            "apikey");
    private static final int MIN_TAIL = 8;

    private KeptAnswer() {}

    static ActionResponse of(ProviderCalls.Answered answer, Collection<Secret> tokens) {
        List<byte[]> secrets = tokens.stream().map(token -> token.reveal().getBytes(StandardCharsets.UTF_8))
                .filter(bytes -> bytes.length > 0).toList();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        answer.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (SENSITIVE.stream().noneMatch(lower::contains)) {
                List<String> kept = new ArrayList<>();
                values.forEach(value -> kept.add(new String(redact(value.getBytes(StandardCharsets.UTF_8), secrets,
                        false), StandardCharsets.UTF_8)));
                headers.merge(lower, kept, (a, b) -> {
                    List<String> both = new ArrayList<>(a);
                    both.addAll(b);
                    return both;
                });
            }
        });
        return new ActionResponse(answer.status(), headers, redact(answer.body(), secrets, answer.bodyTruncated()),
                answer.bodyTruncated());
    }

    private static byte[] redact(byte[] bytes, List<byte[]> secrets, boolean truncated) {
        byte[] result = bytes;
        for (byte[] secret : secrets) {
            result = replace(result, secret);
            if (truncated) {
                result = dropTail(result, secret);
            }
        }
        return result;
    }

    private static byte[] replace(byte[] bytes, byte[] secret) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        int i = 0;
        while (i < bytes.length) {
            if (matchesAt(bytes, i, secret)) {
                out.writeBytes(REDACTED);
                i += secret.length;
            } else {
                out.write(bytes[i++]);
            }
        }
        return out.toByteArray();
    }

    /** A body cut in the middle of a token would keep its start: that start goes too. */
    private static byte[] dropTail(byte[] bytes, byte[] secret) {
        for (int length = Math.min(secret.length - 1, bytes.length); length >= MIN_TAIL; length--) {
            if (Arrays.equals(bytes, bytes.length - length, bytes.length, secret, 0, length)) {
                byte[] cut = Arrays.copyOf(bytes, bytes.length - length + REDACTED.length);
                System.arraycopy(REDACTED, 0, cut, bytes.length - length, REDACTED.length);
                return cut;
            }
        }
        return bytes;
    }

    private static boolean matchesAt(byte[] bytes, int at, byte[] secret) {
        return at + secret.length <= bytes.length && Arrays.equals(bytes, at, at + secret.length, secret, 0,
                secret.length);
    }
}
