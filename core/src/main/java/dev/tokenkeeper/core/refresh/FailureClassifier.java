package dev.tokenkeeper.core.refresh;

import dev.tokenkeeper.core.port.TokenEndpointReply;
import dev.tokenkeeper.core.provider.ProviderConfig;
import java.util.random.RandomGenerator;

/** Classifies one token-endpoint reply into a {@link RefreshOutcome}. (Being implemented.) */
public final class FailureClassifier {
    private final Backoff backoff;

    public FailureClassifier(Backoff backoff) {
        this.backoff = backoff;
    }

    /**
     * Classifies a reply as a pure function of its status, headers, body or transport error and the provider's
     * expression.
     *
     * @param attempt the number of consecutive failed attempts before this one (0 for the first)
     * @param random  the source of backoff jitter
     */
    public RefreshOutcome classify(TokenEndpointReply reply, ProviderConfig provider, int attempt,
            RandomGenerator random) {
        throw new UnsupportedOperationException("not yet " + backoff);
    }
}
