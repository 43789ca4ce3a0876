package dev.tokenkeeper.server.diagnosis;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What came of one whoami call: an answer, a call Tokenkeeper refused to send, or no answer at all. */
public sealed interface WhoamiAnswer {

    /** The URL called (or not called). */
    URI url();

    /**
     * The provider answered.
     *
     * @param body      the body as text, cut at {@link WhoamiClient#MAX_BODY_BYTES}, with the access token masked
     * @param truncated whether the body was longer than the cap
     */
    record Answered(URI url, int status, Map<String, List<String>> headers, String body, boolean truncated)
            implements WhoamiAnswer {
        public Answered {
            Objects.requireNonNull(url, "url");
            headers = headers == null ? Map.of() : Map.copyOf(headers);
            body = body == null ? "" : body;
        }

        /** The first value of a header, whatever its case. */
        Optional<String> header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .flatMap(entry -> entry.getValue().stream()).findFirst();
        }
    }

    /** The call was not sent: the URL policy refuses the API's address. */
    record NotSent(URI url, String why) implements WhoamiAnswer {}

    /**
     * No answer came: timeout, unknown host, refused connection, TLS failure.
     *
     * @param hostUnknown the host name does not resolve (most often a mistyped {@code api_base_url})
     */
    record Failed(URI url, String why, boolean hostUnknown) implements WhoamiAnswer {
        Failed(URI url, String why) {
            this(url, why, false);
        }
    }
}
