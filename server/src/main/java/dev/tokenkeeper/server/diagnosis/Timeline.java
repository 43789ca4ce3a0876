package dev.tokenkeeper.server.diagnosis;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.connection.ConnectionEvent;
import dev.tokenkeeper.core.connection.ConnectionEvent.RefreshAttempted;
import dev.tokenkeeper.core.refresh.Redactor;
import dev.tokenkeeper.server.connection.ConnectionService;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A connection's recent refresh attempts, read through the same service as {@code GET /v1/connections/{id}/events}:
 * the failing attempt behind a stored error, and the parse notes of the newest successful refresh that name a cause
 * (an {@code expires_in} read as milliseconds, an {@code expires_at} already past on issue).
 */
final class Timeline {
    /** How many of the newest events are read. */
    static final int RECENT_EVENTS = 50;
    /** The most characters of a provider's answer quoted as evidence. */
    static final int MAX_QUOTE = 300;

    /** Parse notes that name a cause, as the token response parser writes them, with what each means. */
    private static final Map<String, NoteMeaning> NOTE_CAUSES = Map.of(
            "expires_in_milliseconds_guessed", new NoteMeaning(Cause.EXPIRES_IN_UNIT_WRONG,
                    "expires_in was so large that it was read as milliseconds (a guess)"),
            "expires_milliseconds_guessed", new NoteMeaning(Cause.EXPIRES_IN_UNIT_WRONG,
                    "expires was so large that it was read as milliseconds (a guess)"),
            "expires_at_past", new NoteMeaning(Cause.CLOCK_SKEW,
                    "the answer's expires_at had already passed when the request was sent"));

    private record NoteMeaning(Cause cause, String meaning) {}

    /** A cause a refresh's parse note names, with the note and the attempt that carried it. */
    record NotedCause(Cause cause, String note, String meaning, RefreshAttempted attempt) {}

    /** Newest first. */
    private final List<RefreshAttempted> attempts;

    private Timeline(List<RefreshAttempted> attempts) {
        this.attempts = attempts;
    }

    static Timeline of(ConnectionService connections, String connectionId) {
        List<ConnectionEvent> events = connections.events(connectionId, RECENT_EVENTS);
        return new Timeline(events.reversed().stream()
                .filter(RefreshAttempted.class::isInstance).map(RefreshAttempted.class::cast).toList());
    }

    /** The newest failed attempt. */
    Optional<RefreshAttempted> newestFailure() {
        return attempts.stream().filter(attempt -> attempt.outcome() != null).findFirst();
    }

    /** The cause named by a parse note of the newest attempt, when that attempt refreshed. */
    Optional<NotedCause> notedCause() {
        return attempts.stream().findFirst().filter(attempt -> attempt.outcome() == null)
                .flatMap(attempt -> attempt.notes().stream().filter(NOTE_CAUSES::containsKey).findFirst()
                        .map(note -> new NotedCause(NOTE_CAUSES.get(note).cause(), note,
                                NOTE_CAUSES.get(note).meaning(), attempt)));
    }

    /** The attempt in words: what was sent where, and what came back (redacted, cut). */
    static String describe(RefreshAttempted attempt) {
        String answer = attempt.status() == null ? "got no answer" : "answered HTTP " + attempt.status();
        String verdict = attempt.outcome() == null ? "refreshed"
                : attempt.code() + " (" + attempt.outcome().wireName() + ")";
        String body = attempt.responseBody().isBlank() ? ""
                : "; the answer: " + Redactor.cut(Redactor.redactText(attempt.responseBody()), MAX_QUOTE);
        String notes = attempt.notes().isEmpty() ? "" : "; parse notes: " + String.join(", ", attempt.notes());
        String sent = "POST " + (attempt.url() == null ? "the token endpoint" : attempt.url())
                + (attempt.grantType() == null ? "" : " (grant_type " + attempt.grantType() + ")");
        return sent + " " + answer + ": " + verdict + body + notes;
    }

    /** The host an attempt called, or null when its URL names none. */
    static String host(RefreshAttempted attempt) {
        try {
            return attempt.url() == null ? null : URI.create(attempt.url()).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
