package dev.tokenkeeper.core.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tokenkeeper.core.port.TokenEndpointReply;
import dev.tokenkeeper.core.provider.ErrorExpression;
import dev.tokenkeeper.core.provider.ExpressionLimits;
import dev.tokenkeeper.core.provider.ProviderConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Feeds arbitrary replies to the classifier. An input is UTF-8 text of up to five lines: the reply kind ({@code t},
 * {@code c} or {@code i} for a transport failure, else HTTP with the status from its digits, folded into 100–599),
 * the error expression's index (0 for none), the attempt, headers as {@code name: value|name: value}, and the body
 * (the transport message for a failure). Every {@code $S} becomes a token-looking secret drawn from the input, and
 * one more copy of it is planted in the body, so every run checks that no secret reaches a {@link FailureReason}.
 */
class FailureClassifierFuzzTest {
    private static final ExpressionLimits FAST = new ExpressionLimits(5_000, 100, Duration.ofSeconds(1));
    private static final List<String> EXPRESSIONS = List.of(
            "body.ok = false ? {\"class\": body.error in [\"ratelimited\"] ? \"retryable\" : \"needs_reauth\","
                    + " \"code\": body.error} : null",
            "($f := function($n) { $f($n + 1) }; $f(0))",
            "($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000))",
            "body.error = \"temporarily_unavailable\" ? {\"class\": \"retryable\", \"code\": body.error} : null",
            "{\"class\": \"needs_reauth\", \"code\": $string(body), \"message\": $string(headers)}",
            "{\"class\": body.error, \"code\": body.error_description, \"message\": body.message}",
            "$number(body.error) + 1",
            "status >= 400 ? {\"class\": \"retryable\", \"code\": \"s\" & $string(status),"
                    + " \"message\": body.error_description} : null");
    private static final List<ProviderConfig> PROVIDERS = providers();

    private final FailureClassifier classifier = new FailureClassifier(Backoff.DEFAULT);

    @FuzzTest
    void classify_neverThrowsNorLeaksSecrets(byte[] data) {
        SplittableRandom random = new SplittableRandom(Arrays.hashCode(data));
        String secret = TokenGenerator.token(random);
        String[] lines = new String(data, StandardCharsets.UTF_8).replace("$S", secret).split("\n", 5);
        String body = plant(line(lines, 4), secret, random);
        TokenEndpointReply reply = reply(line(lines, 0), headers(line(lines, 3)), body);
        ProviderConfig provider = PROVIDERS.get(number(line(lines, 1)) % PROVIDERS.size());

        int attempt = number(line(lines, 2)) % 40;
        RefreshOutcome outcome = classifier.classify(reply, provider, attempt, random);

        assertThat(outcome).isNotNull();
        switch (outcome) {
            case RefreshOutcome.Refreshed refreshed ->
                    assertThat(refreshed.tokens().accessToken().reveal()).isNotBlank();
            case RefreshOutcome.RetryLater retry -> {
                assertThat(retry.after()).isBetween(Backoff.DEFAULT.floor(attempt), Duration.ofHours(1));
                assertNoSecret(retry.reason(), secret);
            }
            case RefreshOutcome.NeedsReauth reauth -> assertNoSecret(reauth.reason(), secret);
            case RefreshOutcome.Misconfigured wrong -> assertNoSecret(wrong.reason(), secret);
        }
    }

    private static void assertNoSecret(FailureReason reason, String secret) {
        assertThat(reason.code()).isNotBlank();
        Stream.of(reason.code(), reason.message(), reason.providerError(), reason.providerDescription(),
                reason.providerSubcode()).filter(Objects::nonNull)
                .forEach(text -> assertThat(text).doesNotContain(secret));
    }

    private static TokenEndpointReply reply(String kind, Map<String, List<String>> headers, String body) {
        String lower = kind.strip().toLowerCase();
        TokenEndpointReply.Kind transport = lower.startsWith("t") ? TokenEndpointReply.Kind.TIMEOUT
                : lower.startsWith("c") ? TokenEndpointReply.Kind.CONNECT
                : lower.startsWith("i") ? TokenEndpointReply.Kind.IO
                : null;
        if (transport != null) {
            return new TokenEndpointReply.TransportFailure(transport, body, Replies.SENT_AT, Replies.ELAPSED);
        }
        int status = 100 + number(kind) % 500;
        return new TokenEndpointReply.HttpReply(status, headers, body, Replies.SENT_AT, Replies.ELAPSED);
    }

    private static Map<String, List<String>> headers(String line) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String header : line.split("\\|")) {
            int colon = header.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(header.substring(0, colon).strip(), name -> new ArrayList<>())
                        .add(header.substring(colon + 1).strip());
            }
        }
        return headers;
    }

    private static String plant(String body, String secret, SplittableRandom random) {
        int at = body.isEmpty() ? 0 : random.nextInt(body.length() + 1);
        return body.substring(0, at) + secret + body.substring(at);
    }

    /** The digits of a line as a non-negative number (at most nine digits), 0 when it has none. */
    private static int number(String line) {
        String digits = line.replaceAll("\\D", "");
        return digits.isEmpty() ? 0 : Integer.parseInt(digits.substring(0, Math.min(9, digits.length())));
    }

    private static String line(String[] lines, int index) {
        return index < lines.length ? lines[index] : "";
    }

    private static List<ProviderConfig> providers() {
        List<ProviderConfig> providers = new ArrayList<>();
        providers.add(provider(null));
        EXPRESSIONS.forEach(source -> providers.add(provider(ErrorExpression.compile(source, FAST))));
        return List.copyOf(providers);
    }

    private static ProviderConfig provider(ErrorExpression expression) {
        return ProviderConfig.builder("fuzzed").tokenUrl(URI.create("https://auth.fuzzed.test/token"))
                .clientId("client-1").errorExpression(expression).build();
    }
}
