package dev.tokenkeeper.server.connect;

import dev.tokenkeeper.core.port.TokenEndpoint;
import dev.tokenkeeper.core.port.TokenEndpointReply;
import dev.tokenkeeper.core.port.TokenRequest;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.refresh.Backoff;
import dev.tokenkeeper.core.refresh.FailureClassifier;
import dev.tokenkeeper.core.refresh.RefreshOutcome;
import dev.tokenkeeper.core.token.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exchanges an authorization code (with its PKCE verifier) at the provider's token URL, RFC 6749 §4.1.3, and reads
 * the answer with the same classification as a refresh: tokens, or a retryable, grant or client failure.
 */
final class CodeExchange {
    static final String GRANT_TYPE = "authorization_code";

    private final TokenEndpoint endpoint;
    private final URI callbackUrl;
    private final Duration deadline;
    private final FailureClassifier classifier = new FailureClassifier(Backoff.DEFAULT);
    private final RandomGenerator random;

    /** @param deadline the most the whole exchange may take */
    CodeExchange(TokenEndpoint endpoint, URI callbackUrl, Duration deadline, RandomGenerator random) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.callbackUrl = Objects.requireNonNull(callbackUrl, "callbackUrl");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Sends the code; {@link RefreshOutcome.Refreshed} carries the issued tokens.
     *
     * @param codeVerifier the session's verifier, or null when the session used no PKCE
     */
    RefreshOutcome exchange(ProviderConfig provider, Secret code, Secret codeVerifier) {
        Map<String, Secret> secrets = new LinkedHashMap<>();
        secrets.put("code", code);
        if (codeVerifier != null) {
            secrets.put("code_verifier", codeVerifier);
        }
        TokenRequest request = new TokenRequest(provider.tokenUrl(), GRANT_TYPE, secrets,
                Map.of("redirect_uri", callbackUrl.toString()), provider.clientId(), provider.clientSecret(),
                provider.clientAuth());
        TokenEndpointReply reply = endpoint.exchange(request, deadline);
        return classifier.classify(reply, provider, 0, random);
    }
}
