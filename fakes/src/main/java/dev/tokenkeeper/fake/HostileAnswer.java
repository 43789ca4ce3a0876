package dev.tokenkeeper.fake;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * One token-endpoint answer a hostile or broken provider might give, drawn from a seed: any status, any
 * {@code Retry-After} (zero, negative, past, far future, garbage, huge), any body (NUL characters, unpaired
 * surrogates, random bytes, huge, HTML, JSON error shapes, Slack's {@code ok:false}, token responses with
 * unstorable fields). Serve it with {@link #serveNext(QuirkScope)}.
 *
 * @param label     what was drawn, for assertion messages
 * @param status    the HTTP status
 * @param headers   the response headers
 * @param body      the raw body
 * @param revokes   true when the answer is a 400 {@code invalid_grant}: whatever else it holds, the grant is dead
 */
public record HostileAnswer(String label, int status, Map<String, String> headers, byte[] body, boolean revokes) {
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final List<Integer> STATUSES =
            List.of(200, 200, 201, 302, 400, 400, 401, 403, 404, 408, 409, 418, 425, 429, 429, 500, 502, 503, 503, 504);
    private static final List<String> CONTENT_TYPES = List.of("application/json", "application/json; charset=utf-8",
            "text/html", "text/plain", "application/x-www-form-urlencoded", "");

    public HostileAnswer {
        Objects.requireNonNull(label, "label");
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    /** The answer drawn from {@code random}; HTTP dates count from {@code now}. */
    public static HostileAnswer draw(SplittableRandom random, Instant now) {
        Map<String, String> headers = new LinkedHashMap<>();
        String retryAfter = retryAfter(random, now);
        if (retryAfter != null) {
            headers.put("Retry-After", retryAfter);
        }
        String contentType = pick(random, CONTENT_TYPES);
        if (!contentType.isEmpty()) {
            headers.put("Content-Type", contentType);
        }
        int kind = random.nextInt(12);
        boolean revokes = kind == 0;
        int status = revokes ? 400 : pick(random, STATUSES);
        if (revokes) {
            headers.put("Content-Type", "application/json");
        }
        byte[] body = body(kind, random);
        String label = "status=" + status + " retry-after=" + retryAfter + " content-type=" + headers.get("Content-Type")
                + " body-kind=" + kind + " body-bytes=" + body.length;
        return new HostileAnswer(label, status, headers, body, revokes);
    }

    /** Queues this answer for the next token request of {@code scope}. */
    public void serveNext(QuirkScope scope) {
        scope.failNextTokenRequests(1, status, headers, body);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public String toString() {
        return label;
    }

    private static String retryAfter(SplittableRandom random, Instant now) {
        return switch (random.nextInt(16)) {
            case 0, 1 -> null;
            case 2 -> "0";
            case 3 -> "-" + random.nextInt(1, 100_000);
            case 4 -> HTTP_DATE.format(now.minusSeconds(random.nextLong(1, 400_000_000)));
            case 5 -> "Thu, 01 Jan 1970 00:00:00 GMT";
            case 6 -> HTTP_DATE.format(now.plusSeconds(random.nextLong(86_401, 3_000_000_000L)));
            case 7 -> pick(random, List.of("soon", "NaN", "1e9", "0x10", "Infinity", "∞", "later, please"));
            case 8 -> "9".repeat(random.nextInt(19, 40));
            case 9 -> Long.toString(now.getEpochSecond());
            case 10 -> pick(random, List.of("0.000", " 0 ", "00000", "0.4"));
            case 11 -> HTTP_DATE.format(now);
            case 12 -> Integer.toString(random.nextInt(1, 5));
            case 13 -> Integer.toString(random.nextInt(3_600, 86_400));
            case 14 -> HTTP_DATE.format(now.plusSeconds(random.nextLong(1, 600)));
            default -> Long.toString(random.nextLong(Long.MAX_VALUE / 2, Long.MAX_VALUE));
        };
    }

    private static byte[] body(int kind, SplittableRandom random) {
        String nasty = nasty(random);
        String text = switch (kind) {
            case 0 -> "{\"error\":\"invalid_grant\",\"error_description\":\"revoked " + nasty + "\"}";
            case 1 -> "{\"error\":\"" + nasty + "\",\"error_description\":\"" + nasty + "\",\"error_uri\":\""
                    + nasty + "\"}";
            case 2 -> "{\"ok\":false" + (random.nextBoolean() ? ",\"error\":\"invalid_auth" + nasty + "\"" : "") + "}";
            case 3 -> "{\"error\":{\"code\":" + random.nextInt(-5, 600) + ",\"message\":\"" + nasty
                    + "\",\"status\":\"UNAVAILABLE\"}}";
            case 4 -> "<html><head><title>50" + random.nextInt(10) + "</title></head><body>" + nasty
                    + "</body></html>";
            case 5 -> "{\"access_token\":\"at-" + random.nextLong() + nasty + "\",\"token_type\":\"mac" + nasty
                    + "\",\"expires_in\":" + random.nextInt(1, 7200) + ",\"scope\":\"read " + nasty
                    + "\",\"extra\":\"" + nasty + "\"}";
            case 6 -> "error=invalid_request&error_description=" + nasty.replace("\\u0000", "%00");
            case 7 -> "{\"error\":\"" + pick(random, List.of("slow_down", "temporarily_unavailable",
                    "server_error", "rate_limited", "ratelimited")) + "\",\"error_description\":\"" + nasty + "\"}";
            case 8 -> "";
            case 9 -> "A\u0000".repeat(random.nextInt(50_000, 400_000));
            default -> null;
        };
        if (text != null) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        byte[] bytes = new byte[kind == 10 ? random.nextInt(0, 4_096) : random.nextInt(100_000, 600_000)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Text a provider should never send: raw NUL, escaped NUL, escaped unpaired surrogates, control characters. */
    private static String nasty(SplittableRandom random) {
        StringBuilder out = new StringBuilder();
        int parts = random.nextInt(1, 6);
        for (int i = 0; i < parts; i++) {
            out.append(pick(random, List.of("\u0000", "\\u0000", "\\ud800", "\\udfff", "\\ud83d", "x\u0001y",
                    "\\u0000\\u0000", "\u0000\u0000\u0000", "é", "\\uFFFF", "ok")));
        }
        return out.toString();
    }

    private static <T> T pick(SplittableRandom random, List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
