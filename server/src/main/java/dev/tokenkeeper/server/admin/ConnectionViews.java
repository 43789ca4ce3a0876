package dev.tokenkeeper.server.admin;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionEvent;
import dev.tokenkeeper.core.connection.CurrentCause;
import dev.tokenkeeper.core.port.ConnectionQuery;
import dev.tokenkeeper.core.refresh.FailureReason;
import dev.tokenkeeper.server.http.StorableText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What the connection pages show, as plain text the templates escape; built from the API's own values. */
public final class ConnectionViews {
    private ConnectionViews() {}

    /** {@code GET /admin/connections}: the filters as given, one page of rows and the cursor of the next. */
    public record ListPage(String csrfToken, Filters filters, String search, String error, List<Row> rows,
            String nextCursor, String notice) {
        public ListPage {
            Objects.requireNonNull(csrfToken, "csrfToken");
            Objects.requireNonNull(filters, "filters");
            rows = List.copyOf(rows);
        }

        /** The query of the next page: the same filters and the cursor. */
        public String nextQuery() {
            return Forms.query("provider", filters.provider(), "state", filters.state(), "cause", filters.cause(),
                    "metadata", filters.metadata(), "cursor", nextCursor);
        }

        /** Every cause of the catalogue, for the cause filter's choices. */
        public List<String> causes() {
            return Stream.of(Cause.values()).map(Cause::code).sorted().toList();
        }
    }

    /**
     * The list's filters as typed (empty for none): a provider key, a state, a cause code, and one metadata entry as
     * {@code key=value}.
     */
    public record Filters(String provider, String state, String cause, String metadata) {
        static final Filters NONE = new Filters("", "", "", "");

        public Filters {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(metadata, "metadata");
        }

        /** What is wrong with the metadata filter, in words for the page; empty when it can be used. */
        Optional<String> metadataProblem() {
            if (metadata.isEmpty()) {
                return Optional.empty();
            }
            int equals = metadata.indexOf('=');
            if (equals < 1 || equals > ConnectionQuery.MAX_METADATA_KEY
                    || metadata.length() - equals - 1 > ConnectionQuery.MAX_METADATA_VALUE) {
                return Optional.of("The metadata filter is key=value: a key of 1-" + ConnectionQuery.MAX_METADATA_KEY
                        + " characters and a value of at most " + ConnectionQuery.MAX_METADATA_VALUE + ".");
            }
            if (!StorableText.isStorable(metadata)) {
                return Optional.of("The metadata filter must not hold the NUL character or an unpaired surrogate.");
            }
            return Optional.empty();
        }

        /** The metadata entry to filter on, or none; only for a filter without a problem. */
        Map<String, String> metadataEntry() {
            int equals = metadata.indexOf('=');
            return equals < 1 ? Map.of() : Map.of(metadata.substring(0, equals), metadata.substring(equals + 1));
        }
    }

    /** One connection in the list. */
    public record Row(String id, String provider, String state, String cause, String expiresAt,
            String nextRefreshAt) {}

    /** {@code GET /admin/connections/{id}}: the connection, its cause and fix, and its timeline. */
    public record DetailPage(String csrfToken, Row connection, String causeSummary, String causeFix,
            String causeSince, String lastRefreshedAt, String lastError, List<Entry> metadata,
            List<Event> timeline, String notice) {
        public DetailPage {
            Objects.requireNonNull(csrfToken, "csrfToken");
            metadata = List.copyOf(metadata);
            timeline = List.copyOf(timeline);
        }
    }

    /** A metadata entry. */
    public record Entry(String key, String value) {}

    /** One timeline event as {@code GET /v1/connections/{id}/events} has it: when, what, and the details. */
    public record Event(String at, String type, String what, String details) {}

    static Row row(Connection connection, CurrentCause cause) {
        return new Row(connection.id(), connection.providerKey(), connection.state().wireName(),
                cause.cause().code(), time(connection.tokens().expiresAt()), time(connection.nextRefreshAt()));
    }

    static DetailPage detail(String csrfToken, Connection connection, CurrentCause cause,
            List<ConnectionEvent> events, String notice) {
        List<Entry> metadata = connection.metadata().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .map(entry -> new Entry(entry.getKey(), entry.getValue())).toList();
        List<Event> timeline = new ArrayList<>();
        events.forEach(event -> timeline.add(event(event)));
        String lastError = connection.lastError() == null ? "" : connection.lastError().failureClass().wireName()
                + " at " + connection.lastError().at() + ": " + reason(connection.lastError().reason());
        return new DetailPage(csrfToken, row(connection, cause), cause.cause().summary(),
                cause.cause().fix(connection.providerKey()), time(cause.since()), time(connection.lastRefreshedAt()),
                lastError, metadata, timeline, notice);
    }

    private static Event event(ConnectionEvent event) {
        return switch (event) {
            case ConnectionEvent.StateChanged changed -> new Event(changed.at().toString(),
                    changed.type().wireName(), (changed.from() == null ? "" : changed.from().wireName() + " → ")
                    + changed.to().wireName(), changed.reason() == null ? "" : reason(changed.reason()));
            case ConnectionEvent.RefreshAttempted attempt -> new Event(attempt.at().toString(), "refresh_attempted",
                    join(attempt.grantType(), attempt.status() == null ? null : "HTTP " + attempt.status(),
                            attempt.outcome() == null ? null : attempt.outcome().wireName(), attempt.code()),
                    join(attempt.url(), attempt.responseBody(), String.join("; ", attempt.notes())));
        };
    }

    private static String reason(FailureReason reason) {
        return join(reason.cause() == null ? null : reason.cause().code(), reason.message(),
                reason.providerStatus() == null ? null : "HTTP " + reason.providerStatus(), reason.providerError(),
                reason.providerDescription(), reason.providerSubcode());
    }

    private static String join(String... parts) {
        return Stream.of(parts).filter(part -> part != null && !part.isBlank()).collect(Collectors.joining(" · "));
    }

    private static String time(Instant instant) {
        return instant == null ? "" : instant.toString();
    }
}
