package dev.tokenkeeper.server.diagnosis;

import dev.tokenkeeper.core.provider.ProviderUrlPolicy;
import dev.tokenkeeper.core.provider.UrlVerdict;
import dev.tokenkeeper.core.refresh.Redactor;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.server.http.BoundedExchange;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Sends a provider's whoami call with an access token: the URL policy judges the host first (as the proxy does), the
 * whole exchange has a deadline, the body is read up to {@link #MAX_BODY_BYTES}, and the token is masked in what comes
 * back.
 */
public final class WhoamiClient implements AutoCloseable {
    /** The deadline of one whoami exchange, body included. */
    static final Duration DEADLINE = Duration.ofSeconds(10);
    /** The most bytes of a whoami answer read. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final BoundedExchange http = new BoundedExchange(DEADLINE, MAX_BODY_BYTES, "diagnosis-whoami");
    private final ProviderUrlPolicy urlPolicy;

    public WhoamiClient(ProviderUrlPolicy urlPolicy) {
        this.urlPolicy = Objects.requireNonNull(urlPolicy, "urlPolicy");
    }

    public WhoamiAnswer call(URI url, String method, Secret accessToken) {
        switch (urlPolicy.judgeBeforeRequest(url)) {
            case UrlVerdict.Unresolved unresolved -> {
                return new WhoamiAnswer.Failed(url, "unknown host " + unresolved.host(), true);
            }
            case UrlVerdict.Refused refused -> {
                return new WhoamiAnswer.NotSent(url, "the provider's api_base_url " + refused.why());
            }
            case UrlVerdict.Allowed allowed -> { }
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .header("Authorization", "Bearer " + accessToken.reveal()).header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.noBody());
        try {
            return switch (http.exchange(request)) {
                case BoundedExchange.Answered answered -> new WhoamiAnswer.Answered(url, answered.status(),
                        masked(answered.headers(), accessToken), masked(answered.body(), accessToken),
                        answered.truncated());
                case BoundedExchange.Failed failed -> new WhoamiAnswer.Failed(url, failed.hostUnknown()
                        ? "unknown host" : failed.why(), failed.hostUnknown());
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling whoami", e);
        }
    }

    /** The text with the access token masked, should the provider have echoed it. */
    private static String masked(String text, Secret accessToken) {
        return text.replace(accessToken.reveal(), Redactor.MASK);
    }

    private static Map<String, List<String>> masked(Map<String, List<String>> headers, Secret accessToken) {
        Map<String, List<String>> masked = new LinkedHashMap<>();
        headers.forEach((name, values) -> masked.put(name,
                values.stream().map(value -> masked(value, accessToken)).toList()));
        return masked;
    }

    @Override
    public void close() {
        http.close();
    }
}
