package dev.tokenkeeper.core.port;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** What came back from one token-endpoint request: an HTTP answer, or no answer at all. */
public sealed interface TokenEndpointReply {

    /** When the request was sent; expiries are counted from here. */
    Instant sentAt();

    /** How long the exchange took. */
    Duration elapsed();

    /**
     * An HTTP response.
     *
     * @param headers header names in lower case
     * @param body    the body decoded as UTF-8, truncated by the adapter to its size limit
     */
    record HttpReply(int status, Map<String, List<String>> headers, String body, Instant sentAt, Duration elapsed)
            implements TokenEndpointReply {
        public HttpReply {
            Objects.requireNonNull(sentAt, "sentAt");
            Objects.requireNonNull(elapsed, "elapsed");
            body = body == null ? "" : body;
            TreeMap<String, List<String>> lower = new TreeMap<>();
            if (headers != null) {
                headers.forEach((name, values) -> lower.merge(name.toLowerCase(Locale.ROOT), List.copyOf(values),
                        (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList()));
            }
            headers = java.util.Collections.unmodifiableMap(lower);
        }

        /** The first value of a header, by case-insensitive name. */
        public Optional<String> header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
        }
    }

    /** No HTTP answer: the request timed out, could not connect, or broke mid-way. */
    record TransportFailure(Kind kind, String message, Instant sentAt, Duration elapsed)
            implements TokenEndpointReply {
        public TransportFailure {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(sentAt, "sentAt");
            Objects.requireNonNull(elapsed, "elapsed");
            message = message == null ? kind.name().toLowerCase(Locale.ROOT) : message;
        }
    }

    /** Kinds of transport failure. */
    enum Kind {
        /** The deadline passed before a complete answer. */
        TIMEOUT,
        /** No connection could be made (refused, unreachable). */
        CONNECT,
        /** The token endpoint's host name did not resolve. */
        DNS,
        /** The TLS handshake failed (certificate, protocol, or plain HTTP where https was asked). */
        TLS,
        /** Tokenkeeper refused to call the URL (a loopback or private address that is not allowed). */
        REFUSED_URL,
        /** The connection broke or the answer was unreadable. */
        IO
    }
}
