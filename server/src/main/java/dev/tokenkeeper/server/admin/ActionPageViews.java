package dev.tokenkeeper.server.admin;

import dev.tokenkeeper.core.action.Action;
import dev.tokenkeeper.core.action.ActionError;
import dev.tokenkeeper.core.action.ActionRequest;
import dev.tokenkeeper.core.action.ActionResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the action pages show, as plain text the templates escape: what {@code GET /v1/actions/{id}} shows (method,
 * path, query, never the request's headers nor body) and the start of the provider's kept answer.
 */
public final class ActionPageViews {
    /** The most characters of the provider's answer shown. */
    static final int EXCERPT_CHARS = 2_000;

    private ActionPageViews() {}

    /** {@code GET /admin/actions}: the filters as given, one page of rows and the cursor of the next. */
    public record ListPage(String csrfToken, String state, String connectionId, String error, List<Row> rows,
            String nextCursor) {
        public ListPage {
            Objects.requireNonNull(csrfToken, "csrfToken");
            rows = List.copyOf(rows);
        }

        /** The query of the next page: the same filters and the cursor. */
        public String nextQuery() {
            return Forms.query("state", state, "connection_id", connectionId, "cursor", nextCursor);
        }
    }

    /** One action in the list. */
    public record Row(String id, String connectionId, String method, String path, String state, String error,
            int attempts, String createdAt, String expiresAt) {}

    /** {@code GET /admin/actions/{id}}: the action, its request, the provider's answer, and the buttons it allows. */
    public record DetailPage(String csrfToken, Row action, String provider, String query, String idempotencyKey,
            String nextAttemptAt, String finishedAt, String purgedAt, String responseStatus, String responseBody,
            boolean replayable, boolean cancellable, String notice) {
        public DetailPage {
            Objects.requireNonNull(csrfToken, "csrfToken");
        }
    }

    static Row row(Action action) {
        ActionRequest request = action.request();
        return new Row(action.id(), action.connectionId(), request == null ? "" : request.method(),
                request == null ? "" : request.path(), action.state().wireName(), error(action.error()),
                action.attempts(), time(action.createdAt()), time(action.expiresAt()));
    }

    static DetailPage detail(String csrfToken, Action action, boolean replayable, boolean cancellable,
            String notice) {
        ActionResponse response = action.response();
        String query = action.request() == null || action.request().query() == null ? "" : action.request().query();
        return new DetailPage(csrfToken, row(action), action.providerKey(), query, text(action.idempotencyKey()),
                time(action.nextAttemptAt()), time(action.finishedAt()), time(action.purgedAt()),
                response == null ? "" : Integer.toString(response.status()),
                response == null || action.purgedAt() != null ? "" : excerpt(response), replayable, cancellable,
                notice);
    }

    /** The error's code, cause and message, as {@code error} in the API. */
    private static String error(ActionError error) {
        if (error == null) {
            return "";
        }
        return String.join(" · ", java.util.stream.Stream.of(error.code(),
                error.cause() == null ? null : error.cause().code(), error.message())
                .filter(part -> part != null && !part.isBlank()).toList());
    }

    /** The start of the answer's body as text (bytes that are not UTF-8 shown as U+FFFD). */
    private static String excerpt(ActionResponse response) {
        String body;
        try {
            body = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(response.body()))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            body = "";
        }
        boolean cut = body.length() > EXCERPT_CHARS;
        return (cut ? body.substring(0, EXCERPT_CHARS) : body) + (cut || response.bodyTruncated() ? " …" : "");
    }

    private static String text(String text) {
        return text == null ? "" : text;
    }

    private static String time(Instant instant) {
        return instant == null ? "" : instant.toString();
    }
}
