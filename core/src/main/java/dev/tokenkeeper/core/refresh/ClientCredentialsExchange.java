package dev.tokenkeeper.core.refresh;

import dev.tokenkeeper.core.port.TokenEndpoint;
import dev.tokenkeeper.core.port.TokenEndpointReply;
import dev.tokenkeeper.core.provider.ProviderConfig;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The first access token of a client-credentials connection, asked for before the connection exists (later ones go
 * through the engine's single flight): the answer classified as every refresh answer is, except that what would ask
 * an end user to reconnect is the client's configuration to fix (there is no user).
 */
final class ClientCredentialsExchange {
    private final TokenEndpoint endpoint;
    private final RefreshSettings settings;
    private final FailureClassifier classifier;
    private final RandomGenerator random;

    ClientCredentialsExchange(TokenEndpoint endpoint, RefreshSettings settings, RandomGenerator random) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.random = Objects.requireNonNull(random, "random");
        this.classifier = new FailureClassifier(settings.backoff());
    }

    /** Asks {@code provider}'s token endpoint for a token with the client's credentials. */
    RefreshOutcome ask(ProviderConfig provider) {
        TokenEndpointReply reply = endpoint.exchange(RefreshRequests.clientCredentials(provider),
                settings.httpDeadline());
        return withoutUser(provider, classifier.classify(reply, provider, 0, random));
    }

    /**
     * A client-credentials connection has no end user who could reconnect: what would ask one to (an
     * {@code invalid_grant}) is the client's configuration to fix. Other providers' outcomes pass unchanged.
     */
    static RefreshOutcome withoutUser(ProviderConfig provider, RefreshOutcome outcome) {
        return provider.clientCredentials() && outcome instanceof RefreshOutcome.NeedsReauth dead
                ? new RefreshOutcome.Misconfigured(dead.reason()) : outcome;
    }
}
