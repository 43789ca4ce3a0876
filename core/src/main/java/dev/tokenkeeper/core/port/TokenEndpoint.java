package dev.tokenkeeper.core.port;

import java.time.Duration;

/** Sends token requests to a provider; never throws for what the network or the provider does. */
public interface TokenEndpoint {

    /**
     * Sends the request and waits at most {@code deadline} for the whole answer.
     *
     * @return the provider's answer, or a {@link TokenEndpointReply.TransportFailure}
     */
    TokenEndpointReply exchange(TokenRequest request, Duration deadline);
}
