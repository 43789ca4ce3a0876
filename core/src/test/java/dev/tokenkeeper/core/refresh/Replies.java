package dev.tokenkeeper.core.refresh;

import dev.tokenkeeper.core.port.TokenEndpointReply;
import dev.tokenkeeper.core.provider.ErrorExpression;
import dev.tokenkeeper.core.provider.ProviderConfig;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builders of token-endpoint replies and providers for classification tests. */
final class Replies {
    static final Instant SENT_AT = Instant.parse("2025-03-01T10:00:00Z");
    static final Duration ELAPSED = Duration.ofMillis(300);

    private Replies() {}

    /** An HTTP answer; headers as name, value, name, value… */
    static TokenEndpointReply.HttpReply http(int status, String body, String... headers) {
        Map<String, List<String>> byName = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            byName.put(headers[i], List.of(headers[i + 1]));
        }
        return new TokenEndpointReply.HttpReply(status, byName, body, SENT_AT, ELAPSED);
    }

    static TokenEndpointReply.HttpReply json(int status, String body, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/json";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return http(status, body, all);
    }

    static ProviderConfig provider() {
        return builder().build();
    }

    static ProviderConfig provider(String errorExpression) {
        return provider(ErrorExpression.compile(errorExpression));
    }

    static ProviderConfig provider(ErrorExpression errorExpression) {
        return builder().errorExpression(errorExpression).build();
    }

    private static ProviderConfig.Builder builder() {
        return ProviderConfig.builder("acme").tokenUrl(URI.create("https://auth.acme.test/token")).clientId("client-1");
    }
}
