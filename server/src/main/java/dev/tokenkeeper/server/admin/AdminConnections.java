package dev.tokenkeeper.server.admin;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.connection.CurrentCause;
import dev.tokenkeeper.core.port.ConnectionQuery;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.server.connection.ConnectionService;
import dev.tokenkeeper.server.connection.ConnectionsApi;
import dev.tokenkeeper.server.http.QueryParams;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The console's connection pages, read through the {@link ConnectionService} the API uses: {@code GET
 * /admin/connections} (filter by provider, state, cause and a metadata entry, find by id, pages of
 * {@value ConnectionsApi#DEFAULT_PAGE} with the API's cursor) and {@code GET /admin/connections/{id}} (state, cause and fix, expiry, next refresh, timeline).
 */
public final class AdminConnections implements HttpService {
    public static final String PATH = "/admin/connections";

    private final ConnectionService connections;
    private final Pages pages;
    private final InstantSource clock;
    private final Duration refreshFailingAfter;

    public AdminConnections(ConnectionService connections, Pages pages, InstantSource clock,
            Duration refreshFailingAfter) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.pages = Objects.requireNonNull(pages, "pages");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.refreshFailingAfter = Objects.requireNonNull(refreshFailingAfter, "refreshFailingAfter");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(PATH, QueryParams.accepting(this::list, "provider", "state", "cause", "metadata", "cursor", "id"))
                .get(PATH + "/{id}", QueryParams.none(this::show));
    }

    private void list(ServerRequest request, ServerResponse response) {
        String csrf = AdminConsole.signedIn(request).csrfToken();
        var query = request.query();
        ConnectionViews.Filters filters = new ConnectionViews.Filters(query.first("provider").orElse("").strip(),
                query.first("state").orElse("").strip(), query.first("cause").orElse("").strip(),
                query.first("metadata").orElse("").strip());
        String cursor = query.first("cursor").orElse("").strip();
        String search = query.first("id").orElse("").strip();
        Optional<String> error = problem(filters, cursor, search);
        if (error.isPresent()) {
            Pages.send(response, Status.BAD_REQUEST_400, pages.connections(
                    new ConnectionViews.ListPage(csrf, filters, search, error.get(), List.of(), "", "")));
            return;
        }
        if (!search.isEmpty()) {
            if (connections.find(search).isPresent()) {
                response.status(Status.SEE_OTHER_303);
                response.header(HeaderNames.LOCATION, PATH + "/" + search); // a valid id needs no escaping
                response.send();
                return;
            }
            Pages.send(response, Status.NOT_FOUND_404, pages.connections(new ConnectionViews.ListPage(csrf, filters,
                    search, "No connection has the id " + search + ".", List.of(), "", "")));
            return;
        }
        sendList(response, csrf, filters, cursor, "");
    }

    /**
     * Sends one page of the list. Without a cause filter it is the store's page; with one, up to
     * {@value ConnectionQuery#MAX_LIMIT} connections are read and those whose current cause matches are shown, so a
     * page may hold fewer rows than {@value ConnectionsApi#DEFAULT_PAGE} and still have a next one.
     */
    private void sendList(ServerResponse response, String csrf, ConnectionViews.Filters filters, String cursor,
            String notice) {
        int shown = ConnectionsApi.DEFAULT_PAGE;
        int read = filters.cause().isEmpty() ? shown : ConnectionQuery.MAX_LIMIT;
        List<Connection> page = connections.list(new ConnectionQuery(
                filters.provider().isEmpty() ? null : filters.provider(),
                filters.state().isEmpty() ? null : ConnectionState.fromWireName(filters.state()).orElseThrow(),
                cursor.isEmpty() ? null : cursor, read, filters.metadataEntry()));
        List<ConnectionViews.Row> rows = new ArrayList<>();
        String next = page.size() == read ? page.getLast().id() : "";
        for (Connection connection : page) {
            CurrentCause cause = cause(connection);
            if (!filters.cause().isEmpty() && !filters.cause().equals(cause.cause().code())) {
                continue;
            }
            if (rows.size() == shown) {
                next = rows.getLast().id();
                break;
            }
            rows.add(ConnectionViews.row(connection, cause));
        }
        Pages.send(response, Status.OK_200, pages.connections(
                new ConnectionViews.ListPage(csrf, filters, "", "", rows, next, notice)));
    }

    private void show(ServerRequest request, ServerResponse response) {
        String csrf = AdminConsole.signedIn(request).csrfToken();
        String id = request.path().pathParameters().get("id");
        Optional<Connection> connection = Connection.isValidId(id) ? connections.find(id) : Optional.empty();
        if (connection.isEmpty()) {
            sendMissing(response, csrf);
            return;
        }
        sendDetail(response, Status.OK_200, csrf, connection.get(), "");
    }

    /** Sends the page of {@code connection} as it is now, with {@code notice} on top when not empty. */
    void sendDetail(ServerResponse response, Status status, String csrf, Connection connection, String notice) {
        Pages.send(response, status, pages.connection(ConnectionViews.detail(csrf, connection, cause(connection),
                connections.events(connection.id(), ConnectionsApi.DEFAULT_EVENTS), notice)));
    }

    /** Sends the first page of the unfiltered list, with {@code notice} on top. */
    void sendFirstPage(ServerResponse response, String csrf, String notice) {
        sendList(response, csrf, ConnectionViews.Filters.NONE, "", notice);
    }

    /** Sends the list page saying no connection has the id (404). */
    void sendMissing(ServerResponse response, String csrf) {
        Pages.send(response, Status.NOT_FOUND_404, pages.connections(new ConnectionViews.ListPage(csrf,
                ConnectionViews.Filters.NONE, "", "No connection has this id.", List.of(), "", "")));
    }

    private CurrentCause cause(Connection connection) {
        return CurrentCause.of(connection, clock.instant(), refreshFailingAfter,
                connections.clientCredentials(connection));
    }

    /** What is wrong with the filters, in words for the page; empty when they can be used. */
    private static Optional<String> problem(ConnectionViews.Filters filters, String cursor, String search) {
        if (!filters.provider().isEmpty() && !ProviderConfig.isValidKey(filters.provider())) {
            return Optional.of("The provider filter is not a provider key.");
        }
        if (!filters.state().isEmpty() && ConnectionState.fromWireName(filters.state()).isEmpty()) {
            return Optional.of("The state filter must be one of active, needs_reauth, misconfigured.");
        }
        if (!filters.cause().isEmpty() && Cause.fromCode(filters.cause()).isEmpty()) {
            return Optional.of("The cause filter is not a cause of the catalogue (docs/causes.md).");
        }
        Optional<String> metadata = filters.metadataProblem();
        if (metadata.isPresent()) {
            return metadata;
        }
        if (!cursor.isEmpty() && !Connection.isValidId(cursor)) {
            return Optional.of("The cursor is not a connection id; start again from the first page.");
        }
        if (!search.isEmpty() && !Connection.isValidId(search)) {
            return Optional.of("A connection id is " + ConnectionService.ID_FORM + ".");
        }
        return Optional.empty();
    }
}
