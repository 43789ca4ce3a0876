package dev.tokenkeeper.core.connection;

import dev.tokenkeeper.core.refresh.FailureClass;
import dev.tokenkeeper.core.refresh.FailureReason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** One entry of a connection's timeline, written in the same commit as the change it records. */
public sealed interface ConnectionEvent {

    String connectionId();

    Instant at();

    /**
     * A lifecycle event: creation, a state transition, or the start of a failure streak.
     *
     * @param from   the state before, or null on creation
     * @param to     the state after
     * @param reason why, or null
     */
    record StateChanged(String connectionId, Instant at, EventType type, ConnectionState from, ConnectionState to,
            FailureReason reason) implements ConnectionEvent {
        public StateChanged {
            Objects.requireNonNull(connectionId, "connectionId");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(to, "to");
        }
    }

    /**
     * One refresh request and its answer, redacted: no token or secret appears in any field. Text that cannot be
     * stored (see {@link StorableText}) is replaced, and a note says how many characters were.
     *
     * @param url          the token endpoint called
     * @param grantType    the grant type sent
     * @param clientId     the client id sent (not a secret)
     * @param status       the HTTP status, or null when no answer came
     * @param outcome      null for success, else the failure class
     * @param code         Tokenkeeper's code for a failure, or {@code refreshed}
     * @param responseBody the provider's answer with every token and secret redacted, truncated
     * @param notes        how lenient parsing resolved the answer (e.g. a guessed unit)
     * @param fence        the lease fence under which the attempt ran
     */
    record RefreshAttempted(String connectionId, Instant at, Duration duration, String url, String grantType,
            String clientId, Integer status, FailureClass outcome, String code, String responseBody,
            List<String> notes, long fence) implements ConnectionEvent {
        public RefreshAttempted {
            Objects.requireNonNull(connectionId, "connectionId");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(duration, "duration");
            Objects.requireNonNull(code, "code");
            responseBody = responseBody == null ? "" : responseBody;
            notes = notes == null ? List.of() : List.copyOf(notes);
            int replaced = StorableText.unstorable(url) + StorableText.unstorable(grantType)
                    + StorableText.unstorable(clientId) + StorableText.unstorable(code)
                    + StorableText.unstorable(responseBody) + notes.stream().mapToInt(StorableText::unstorable).sum();
            if (replaced > 0) {
                url = StorableText.of(url);
                grantType = StorableText.of(grantType);
                clientId = StorableText.of(clientId);
                code = StorableText.of(code);
                responseBody = StorableText.of(responseBody);
                notes = Stream.concat(StorableText.of(notes).stream(), Stream.of(replacedNote(replaced))).toList();
            }
        }

        /** The note an attempt record carries when some of its text could not be stored as sent. */
        public static String replacedNote(int characters) {
            return "unstorable_text_replaced: " + characters + " character(s) that cannot be stored (NUL or an"
                    + " unpaired surrogate) were replaced with U+FFFD";
        }
    }
}
