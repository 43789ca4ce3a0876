package dev.tokenkeeper.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One endpoint: checks path and method, turns the exchange into a reply, sends it, and always closes. */
final class Route implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Route.class);

    /** Answers one exchange whose path and method were checked. */
    @FunctionalInterface
    interface Answerer {
        HttpReply answer(HttpExchange exchange) throws IOException;
    }

    private final String path;
    private final boolean subpaths;
    private final Set<String> methods;
    private final Answerer answerer;

    /** A route for exactly {@code path} (and, if {@code subpaths}, everything below it); no methods: any. */
    Route(String path, boolean subpaths, Set<String> methods, Answerer answerer) {
        this.path = path;
        this.subpaths = subpaths;
        this.methods = Set.copyOf(methods);
        this.answerer = answerer;
    }

    @Override
    public void handle(HttpExchange exchange) {
        try (exchange) {
            answerOrFail(exchange).send(exchange);
        } catch (IOException clientGone) {
            LOG.debug("{} {}: connection lost: {}", exchange.getRequestMethod(), path, clientGone.toString());
        }
    }

    private HttpReply answerOrFail(HttpExchange exchange) throws IOException {
        try {
            return answerChecked(exchange);
        } catch (RuntimeException bug) {
            LOG.error("{} {} failed", exchange.getRequestMethod(), path, bug);
            return HttpReply.json(500, Map.of("error", "server_error", "error_description", "fake provider bug"));
        }
    }

    private HttpReply answerChecked(HttpExchange exchange) throws IOException {
        String requested = exchange.getRequestURI().getPath();
        if (!requested.equals(path) && !(subpaths && requested.startsWith(path + "/"))) {
            return HttpReply.json(404, Map.of("error", "not_found"));
        }
        if (!methods.isEmpty() && !methods.contains(exchange.getRequestMethod())) {
            return HttpReply.json(405, Map.of("error", "invalid_request", "error_description", "method not allowed"))
                    .withHeader("Allow", String.join(", ", methods));
        }
        return answerer.answer(exchange);
    }
}
