package dev.tokenkeeper.server.http;

import io.helidon.http.HeaderValues;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Closes the connection once the answer is sent when the request said {@code Connection: close} (RFC 9112 §9.6: the
 * server must then initiate the closure). Helidon 4.5 answers such a request with {@code Connection: close} but keeps
 * reading the socket until its idle timeout, so a client waiting for the end of the stream waited minutes.
 */
public final class ConnectionCloseFilter implements Filter {
    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        boolean close = request.headers().containsToken(HeaderValues.CONNECTION_CLOSE);
        chain.proceed();
        if (close && response.isSent()) {
            throw new CloseConnectionException("the client asked to close the connection after this answer");
        }
    }
}
