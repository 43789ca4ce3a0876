package dev.tokenkeeper.server.http;

import dev.tokenkeeper.postgres.DatabaseException;
import dev.tokenkeeper.postgres.connection.CorruptConnectionException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps what handlers throw to problem documents: an {@link ApiProblem} as itself, a database that is unreachable,
 * restarting or out of connections as a 503 {@code storage_unavailable} with {@code Retry-After}, anything else as a
 * 500 with an incident id and no detail (the stack trace goes to the log, never to the caller); unknown routes get a
 * 404, known paths asked with another method a 405.
 */
public final class ErrorMapping {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

    /** What a caller is told to wait before trying again while the database is unavailable. */
    static final int STORAGE_RETRY_AFTER_SECONDS = 2;

    private ErrorMapping() {}

    /** The transient database failure behind {@code failure}, however wrapped, if that is what it is. */
    static Optional<DatabaseException> transientDatabaseFailure(Throwable failure) {
        int depth = 0;
        for (Throwable cause = failure; cause != null && depth < 16; cause = cause.getCause(), depth++) {
            if (cause instanceof DatabaseException database) {
                return database.isTransient() ? Optional.of(database) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Registers the error handlers on {@code routing}. */
    public static void register(HttpRouting.Builder routing) {
        routing.error(ApiProblem.class, (request, response, problem) -> Problems.send(response, problem));
        routing.error(CorruptConnectionException.class, ErrorMapping::undecryptable);
        routing.error(Exception.class, ErrorMapping::internal);
    }

    /**
     * The handler for requests no route took: 405 with {@code Allow} when the path exists for other methods, else a
     * 404 problem.
     */
    public static Handler noRoute(RouteTable routes) {
        return (request, response) -> {
            Set<String> allowed = routes.allowedMethods(request.path().path());
            String method = request.prologue().method().text();
            if (!allowed.isEmpty() && !allowed.contains(method)) {
                response.header(HeaderNames.ALLOW, String.join(", ", allowed));
                Problems.send(response, ApiProblem.of(405, "method_not_allowed", "Method not allowed",
                        request.path().path() + " answers " + String.join(", ", allowed) + ", not " + method)
                        .with("allowed_methods", allowed));
                return;
            }
            Problems.send(response, ApiProblem.of(404, "no_route", "No such endpoint", "no endpoint answers "
                    + method + " " + request.path().rawPath()));
        };
    }

    /** A stored connection whose secrets the keyset cannot decrypt: a named fault of this deployment, not a bug. */
    private static void undecryptable(ServerRequest request, ServerResponse response,
            CorruptConnectionException failure) {
        LOG.error("connection={} event=undecryptable method={} path={}: {}", failure.connectionId(),
                request.prologue().method().text(), request.path().rawPath(), failure.getMessage());
        Problems.send(response, ApiProblem.of(500, "connection_undecryptable", "Connection undecryptable",
                "the stored secrets of connection '" + failure.connectionId() + "' do not decrypt with this"
                        + " instance's keyset: restore the keyset that encrypted them (TOKENKEEPER_KEYSET), or the"
                        + " connection must be reconnected").with("connection_id", failure.connectionId()));
    }

    private static void internal(ServerRequest request, ServerResponse response, Exception failure) {
        Optional<DatabaseException> unavailable = transientDatabaseFailure(failure);
        if (unavailable.isPresent()) {
            LOG.warn("event=storage_unavailable method={} path={}: {}", request.prologue().method().text(),
                    request.path().rawPath(), unavailable.get().getMessage());
            response.header(HeaderNames.RETRY_AFTER, String.valueOf(STORAGE_RETRY_AFTER_SECONDS));
            Problems.send(response, ApiProblem.of(503, "storage_unavailable", "Storage unavailable",
                    "Tokenkeeper's database did not answer (unreachable, restarting or out of connections): try again"
                            + " in " + STORAGE_RETRY_AFTER_SECONDS + " s"));
            return;
        }
        String incident = UUID.randomUUID().toString();
        LOG.error("incident={} method={} path={} failed", incident, request.prologue().method().text(),
                request.path().rawPath(), failure);
        Problems.send(response, ApiProblem.of(500, "internal_error", "Internal error",
                "Tokenkeeper failed to answer; the incident " + incident + " is in its log").with("incident", incident));
    }
}
